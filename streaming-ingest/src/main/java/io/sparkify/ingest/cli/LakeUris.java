package io.sparkify.ingest.cli;

import io.sparkify.error.InvalidInputException;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Makes a lake or checkpoint URI absolute: a bare path (the default {@code work/lake}) is
 * resolved by Hadoop against {@code fs.defaultFS} and the working directory, as the conf file
 * documents; Delta only accepts absolute paths. Full URIs pass unchanged.
 */
final class LakeUris {

    private LakeUris() {
    }

    static String qualify(String uri) {
        if (uri == null || uri.isBlank()) {
            return uri;
        }
        try {
            Path p = new Path(uri);
            return p.getFileSystem(new Configuration()).makeQualified(p).toString();
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException("not a usable Hadoop URI: " + uri + " (" + e.getMessage() + ")");
        }
    }
}
