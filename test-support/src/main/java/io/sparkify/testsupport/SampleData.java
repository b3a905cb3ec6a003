package io.sparkify.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/** The sample logs shipped in the project's {@code data/} folder, found from any module's tests. */
public final class SampleData {

    public static final String SMALL = "sparkify-events-100u.json.gz";
    public static final String MEDIUM = "sparkify-events-450u.json.gz";

    /** Lines (= events, no blank lines) in each sample; see data/README.md. */
    public static final long SMALL_LINES = 133_246;
    public static final long MEDIUM_LINES = 513_794;

    /** Samples already decompressed in this JVM: file name to plain JSON-lines file. */
    private static final Map<String, Path> DECOMPRESSED = new ConcurrentHashMap<>();

    private SampleData() {
    }

    /**
     * The sample as a plain JSON-lines file, decompressed once per test JVM (deleted at exit). A
     * gzip file is one Spark partition that every read inflates again; this file is decoded once and
     * splits into as many partitions as the session's parallelism. Same lines, same order.
     */
    public static Path decompressed(String fileName) {
        return DECOMPRESSED.computeIfAbsent(fileName, SampleData::decompress);
    }

    private static Path decompress(String fileName) {
        try {
            Path dir = Files.createTempDirectory("sparkify-samples-");
            Path out = dir.resolve(fileName.endsWith(".gz") ? fileName.substring(0, fileName.length() - 3) : fileName);
            try (InputStream in = new GZIPInputStream(Files.newInputStream(path(fileName)), 1 << 16)) {
                Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            }
            out.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decompress the sample " + fileName, e);
        }
    }

    /** The project's root: the {@code sparkify.project.dir} property Maven sets, else found upwards from here. */
    public static Path projectDir() {
        String prop = System.getProperty("sparkify.project.dir");
        if (prop != null && Files.isDirectory(Path.of(prop, "data"))) {
            return Path.of(prop);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("data").resolve(SMALL))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find the project's data/ folder from " + Path.of("").toAbsolutePath());
    }

    public static Path path(String fileName) {
        return projectDir().resolve("data").resolve(fileName);
    }

    public static Path small() {
        return path(SMALL);
    }

    public static Path medium() {
        return path(MEDIUM);
    }
}
