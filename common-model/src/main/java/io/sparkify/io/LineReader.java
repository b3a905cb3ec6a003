package io.sparkify.io;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Splits a byte stream into lines ({@code \n}, an optional preceding {@code \r} removed) without
 * decoding them, in constant memory: a line longer than the limit is consumed and reported as
 * {@link #tooLong()} with its true length, but its bytes are not kept. Not thread-safe.
 *
 * <pre>{@code
 * while (reader.next()) { use(reader.buffer(), 0, reader.length()); }
 * }</pre>
 */
public final class LineReader {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long NEWLINES = ONES * '\n';

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[1 << 16];
    private int chunkPos;
    private int chunkLen;
    private boolean eof;

    private byte[] line;
    private int lineLen;
    private long trueLength;
    private long lineNumber;
    private long lineStartOffset;
    private long offset;

    LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.line = new byte[Math.min(1024, maxLineBytes + 1)];
    }

    /** Advances to the next line; false at end of input. */
    public boolean next() throws IOException {
        lineLen = 0;
        trueLength = 0;
        lineStartOffset = offset;
        boolean sawAny = false;
        while (true) {
            if (chunkPos == chunkLen) {
                if (eof || !fill()) {
                    if (!sawAny) {
                        return false;
                    }
                    break;
                }
            }
            sawAny = true;
            int start = chunkPos;
            int nl = indexOfNewline(chunk, chunkPos, chunkLen);
            int end = nl >= 0 ? nl : chunkLen;
            append(start, end - start);
            chunkPos = nl >= 0 ? nl + 1 : chunkLen;
            offset += chunkPos - start;
            if (nl >= 0) {
                break;
            }
        }
        if (lineLen > 0 && lineLen == trueLength && line[lineLen - 1] == '\r') {
            lineLen--;
            trueLength--;
        }
        lineNumber++;
        return true;
    }

    /**
     * The first {@code \n} in {@code [from, to)}, or -1. Eight bytes at a time (the "has zero byte"
     * word trick on {@code word ^ 0x0A0A...}): splitting lines is a good part of the reader
     * thread's work and this is several times faster than a byte loop.
     */
    static int indexOfNewline(byte[] a, int from, int to) {
        int i = from;
        while (i + 8 <= to) {
            long x = (long) LONGS.get(a, i) ^ NEWLINES;
            long found = (x - ONES) & ~x & HIGH_BITS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
            i += 8;
        }
        for (; i < to; i++) {
            if (a[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private boolean fill() throws IOException {
        int n = in.read(chunk, 0, chunk.length);
        if (n <= 0) {
            eof = true;
            chunkPos = chunkLen = 0;
            return false;
        }
        chunkPos = 0;
        chunkLen = n;
        return true;
    }

    private void append(int from, int len) {
        trueLength += len;
        int room = maxLineBytes + 1 - lineLen; // keep one byte past the limit to know it was crossed
        int keep = Math.max(0, Math.min(len, room));
        if (keep == 0) {
            return;
        }
        if (lineLen + keep > line.length) {
            line = Arrays.copyOf(line, Math.max(lineLen + keep, Math.min(line.length * 2, maxLineBytes + 1)));
        }
        System.arraycopy(chunk, from, line, lineLen, keep);
        lineLen += keep;
    }

    /** The current line's bytes, valid from 0 to {@link #length()} until the next call to {@link #next()}. */
    public byte[] buffer() {
        return line;
    }

    /** Bytes of the current line held in {@link #buffer()} (the line itself unless {@link #tooLong()}). */
    public int length() {
        return lineLen;
    }

    /** The current line's real length in bytes, also for lines too long to keep. */
    public long trueLength() {
        return trueLength;
    }

    /** True when the current line is longer than the limit; its bytes are then truncated. */
    public boolean tooLong() {
        return trueLength > maxLineBytes;
    }

    /** 1-based number of the current line. */
    public long lineNumber() {
        return lineNumber;
    }

    /** Byte offset of the current line's start in the (decompressed) content. */
    public long lineOffset() {
        return lineStartOffset;
    }

    /** A copy of the current line. */
    public byte[] copy() {
        return Arrays.copyOf(line, lineLen);
    }
}
