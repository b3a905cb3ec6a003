package io.sparkify.io;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.zip.GZIPInputStream;

/**
 * An event log opened for streaming: a plain or gzipped JSON-lines file, or standard input.
 * Compression is detected by content (the gzip magic bytes), never by the file name, so a
 * {@code .json} that is really gzipped, or a gzip without the suffix, both read.
 */
public final class LogInput implements AutoCloseable {

    /** The name that means standard input on the command line. */
    public static final String STDIN = "-";

    private static final int BUFFER = 1 << 16;

    private final String name;
    private final OptionalLong sizeBytes;
    private final CountingInputStream raw;
    private final InputStream content;
    private final boolean gzipped;

    private LogInput(String name, OptionalLong sizeBytes, InputStream source) throws IOException {
        this.name = name;
        this.sizeBytes = sizeBytes;
        this.raw = new CountingInputStream(new BufferedInputStream(source, BUFFER));
        this.raw.mark(2);
        int b1 = raw.read();
        int b2 = raw.read();
        raw.reset();
        this.gzipped = b1 == 0x1f && b2 == 0x8b;
        this.content = gzipped ? new GZIPInputStream(raw, BUFFER) : raw;
    }

    /**
     * Opens a file, or standard input for {@value #STDIN}.
     *
     * @throws IOException whose message is {@code <file>: <reason>} whatever went wrong (missing,
     *     a directory, permission denied, a gzip header cut short...)
     */
    public static LogInput open(String pathOrDash) throws IOException {
        return open(pathOrDash, System.in);
    }

    /** As {@link #open(String)}, with {@code stdin} read for {@value #STDIN} (tests, embedding). */
    public static LogInput open(String pathOrDash, InputStream stdin) throws IOException {
        if (STDIN.equals(pathOrDash)) {
            return of("<stdin>", stdin);
        }
        Path path = Path.of(pathOrDash);
        if (Files.isDirectory(path)) {
            throw new IOException(pathOrDash + ": is a directory, expected a .json or .json.gz file");
        }
        InputStream in = null;
        try {
            in = Files.newInputStream(path);
            return new LogInput(pathOrDash, OptionalLong.of(Files.size(path)), in);
        } catch (IOException e) {
            closeQuietly(in, e);
            throw new IOException(pathOrDash + ": " + IoErrors.reason(e), e);
        }
    }

    /** Wraps any stream (tests, Kafka tools); size unknown. */
    public static LogInput of(String name, InputStream in) throws IOException {
        try {
            return new LogInput(name, OptionalLong.empty(), in);
        } catch (IOException e) {
            throw new IOException(name + ": " + IoErrors.reason(e), e);
        }
    }

    private static void closeQuietly(InputStream in, IOException failure) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** The file name as given, or {@code <stdin>}: for messages. */
    public String name() {
        return name;
    }

    public boolean gzipped() {
        return gzipped;
    }

    /** Size on disk, when known (not for stdin): with {@link #bytesRead()} gives progress. */
    public OptionalLong sizeBytes() {
        return sizeBytes;
    }

    /** Bytes consumed from the underlying file so far (compressed bytes for gzip). */
    public long bytesRead() {
        return raw.count();
    }

    /** Decompressed content. */
    public InputStream content() {
        return content;
    }

    /** A line reader over the content; lines longer than {@code maxLineBytes} are flagged, not kept. */
    public LineReader lines(int maxLineBytes) {
        return new LineReader(content, maxLineBytes);
    }

    @Override
    public void close() throws IOException {
        content.close();
    }

    /** Counts raw bytes, for progress over compressed input. */
    private static final class CountingInputStream extends FilterInputStream {
        private long count;
        private long mark;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }

        @Override
        public synchronized void mark(int limit) {
            super.mark(limit);
            mark = count;
        }

        @Override
        public synchronized void reset() throws IOException {
            super.reset();
            count = mark;
        }
    }
}
