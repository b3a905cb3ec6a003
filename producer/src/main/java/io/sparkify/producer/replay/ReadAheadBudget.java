package io.sparkify.producer.replay;

/**
 * Caps the bytes read ahead of the sender: the reader takes a chunk's bytes before handing it
 * on, the sender gives them back once the chunk is sent. A count of chunks alone does not bound
 * memory, since a chunk of lines near {@code --max-line-bytes} is hundreds of MiB. A chunk larger
 * than the whole budget still goes through when nothing else is in flight, so any line that
 * passes the line limit can be sent.
 */
final class ReadAheadBudget {

    private final long maxBytes;
    private long inFlight;
    private long peak;

    ReadAheadBudget(long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("read-ahead budget must be positive: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** Blocks until {@code bytes} fit (or nothing else is in flight). */
    synchronized void acquire(long bytes) throws InterruptedException {
        while (inFlight > 0 && inFlight + bytes > maxBytes) {
            wait();
        }
        inFlight += bytes;
        peak = Math.max(peak, inFlight);
    }

    synchronized void release(long bytes) {
        inFlight -= bytes;
        notifyAll();
    }

    synchronized long inFlight() {
        return inFlight;
    }

    /** The most bytes ever in flight at once. */
    synchronized long peak() {
        return peak;
    }

    long maxBytes() {
        return maxBytes;
    }
}
