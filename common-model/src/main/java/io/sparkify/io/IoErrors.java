package io.sparkify.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.zip.ZipException;

/**
 * The reason part of an input error message, in words a user can act on. Several JDK exceptions
 * carry only a path ({@link AccessDeniedException}) or nothing at all ({@link EOFException} from
 * a gzip stream cut short), which printed as {@code error: null} or a bare file name.
 */
public final class IoErrors {

    private IoErrors() {
    }

    /** Why the read failed, without the file name (callers put it in front). */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory: " + ((NotDirectoryException) e).getFile();
        }
        if (e instanceof FileSystemException fse) {
            // getMessage() is "file: reason"; the reason alone reads better after our own file name.
            String reason = fse.getReason();
            return reason != null ? reason : fse.getClass().getSimpleName();
        }
        if (e instanceof EOFException) {
            // Gzip's "Unexpected end of ZLIB input stream" or no message at all: the file was cut short.
            return "unexpected end of file (truncated gzip?)";
        }
        if (e instanceof ZipException) {
            return "corrupt gzip data: " + e.getMessage();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
