package io.sparkify.producer.replay;

import java.util.Arrays;

/**
 * A run of consecutive input lines copied out of the reader, so they can be decoded on another
 * thread while the next run is read. Lines too long to send keep only their start (for the
 * rejects file) and their true length.
 */
final class LineChunk {

    /** Lines per chunk: large enough to amortise the hand-over, small enough to bound read-ahead. */
    static final int MAX_LINES = 512;
    /** A chunk also ends at this many bytes, so long lines do not make huge chunks. */
    static final int MAX_BYTES = 1 << 20;
    /** Bytes of a too-long line kept for the rejects file. */
    static final int TOO_LONG_KEEP = 4096;

    final long firstLine;
    private byte[] data = new byte[MAX_LINES * 512];
    private int size;
    private final int[] offsets = new int[MAX_LINES];
    private final int[] lengths = new int[MAX_LINES];
    private final long[] tooLongLengths = new long[MAX_LINES];
    private int count;

    LineChunk(long firstLine) {
        this.firstLine = firstLine;
    }

    boolean isFull() {
        return count == MAX_LINES || size >= MAX_BYTES;
    }

    /** Memory the chunk holds for its lines (what the read-ahead budget counts). */
    long bytes() {
        return data.length;
    }

    int count() {
        return count;
    }

    /** Appends the current line; {@code trueLength} larger than {@code length} marks it too long. */
    void add(byte[] buffer, int length, boolean tooLong, long trueLength) {
        int keep = tooLong ? Math.min(length, TOO_LONG_KEEP) : length;
        if (size + keep > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, size + keep));
        }
        System.arraycopy(buffer, 0, data, size, keep);
        offsets[count] = size;
        lengths[count] = keep;
        tooLongLengths[count] = tooLong ? trueLength : -1;
        size += keep;
        count++;
    }

    byte[] data() {
        return data;
    }

    int offset(int i) {
        return offsets[i];
    }

    int length(int i) {
        return lengths[i];
    }

    boolean tooLong(int i) {
        return tooLongLengths[i] >= 0;
    }

    long trueLength(int i) {
        return tooLong(i) ? tooLongLengths[i] : lengths[i];
    }

    long lineNumber(int i) {
        return firstLine + i;
    }

    byte[] copy(int i) {
        return Arrays.copyOfRange(data, offsets[i], offsets[i] + lengths[i]);
    }
}
