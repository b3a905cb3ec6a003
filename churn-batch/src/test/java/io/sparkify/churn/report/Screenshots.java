package io.sparkify.churn.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** What a screenshot contains, measured from its pixels. */
record Screenshots(int width, int height, double lumaStdDev, int distinctColours, double churnedRedShare) {

    static Screenshots measure(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        if (img == null) {
            throw new IOException(png + " is not a readable image");
        }
        long n = 0;
        double sum = 0;
        double sumSq = 0;
        long red = 0;
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                int r = rgb >> 16 & 0xff;
                int g = rgb >> 8 & 0xff;
                int b = rgb & 0xff;
                double luma = 0.299 * r + 0.587 * g + 0.114 * b;
                sum += luma;
                sumSq += luma * luma;
                n++;
                if (colours.size() < 100_000) {
                    colours.add(rgb);
                }
                // The report's churned colour, #d6443a.
                if (Math.abs(r - 0xd6) < 12 && Math.abs(g - 0x44) < 12 && Math.abs(b - 0x3a) < 12) {
                    red++;
                }
            }
        }
        double mean = sum / n;
        return new Screenshots(img.getWidth(), img.getHeight(), Math.sqrt(Math.max(0, sumSq / n - mean * mean)),
                colours.size(), (double) red / n);
    }
}
