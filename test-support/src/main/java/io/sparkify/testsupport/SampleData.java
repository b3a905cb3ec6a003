package io.sparkify.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** The sample logs shipped in the project's {@code data/} folder, found from any module's tests. */
public final class SampleData {

    public static final String SMALL = "sparkify-events-100u.json.gz";
    public static final String MEDIUM = "sparkify-events-450u.json.gz";

    /** Lines (= events, no blank lines) in each sample; see data/README.md. */
    public static final long SMALL_LINES = 133_246;
    public static final long MEDIUM_LINES = 513_794;

    private SampleData() {
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
