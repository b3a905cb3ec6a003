package io.sparkify.churn.registry;

import io.sparkify.error.InvalidInputException;
import io.sparkify.error.LockedException;
import io.sparkify.error.OperationFailedException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's training lease: one file, created only if absent, that its holder keeps alive by
 * touching it (its modification time) every third of the timeout. A holder that dies (kill -9, a
 * lost YARN container, an OOM) stops touching it, and once it is older than the timeout the next
 * run takes it over and logs so; a run that finds a live lease fails with a {@link LockedException}.
 *
 * <p>Works on any Hadoop file system with atomic create-if-absent (HDFS, the local disk), not
 * only on HDFS's own file leases (which keep a dead writer's file for an hour by default).
 * Takeover is decided once per dead holder: the taker first creates a marker named after the
 * dead holder's id, which only one run can create. The age compares the file's modification
 * time with this host's clock: hosts that train against one registry need synchronized clocks
 * (NTP), as HDFS itself does.
 */
public final class TrainingLease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingLease.class);
    private static final String TAKEOVER_PREFIX = ".takeover-";

    private final FileSystem fs;
    private final Path file;
    private final Duration timeout;
    private final String owner;
    private final Optional<Path> takeoverMarker;
    private final ScheduledExecutorService heartbeat;
    private volatile boolean lost;
    private volatile boolean released;

    private TrainingLease(FileSystem fs, Path file, Duration timeout, String owner, Optional<Path> takeoverMarker) {
        this.fs = fs;
        this.file = file;
        this.timeout = timeout;
        this.owner = owner;
        this.takeoverMarker = takeoverMarker;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sparkify-training-lease");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, timeout.toMillis() / 3);
        heartbeat.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lease at {@code file}. A lease held by a live run (touched within its timeout) makes this wait
     * until it is touched again (then {@link LockedException}) or expires (then it is taken over), so a run started
     * right after a crash waits at most the timeout instead of failing.
     *
     * @throws LockedException when another run holds it
     * @throws OperationFailedException on I/O errors
     */
    public static TrainingLease acquire(FileSystem fs, Path file, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidInputException("the training lease timeout must be positive, not " + timeout);
        }
        String owner = UUID.randomUUID().toString();
        try {
            fs.mkdirs(file.getParent());
            long deadline = System.currentTimeMillis() + timeout.toMillis() * 2;
            while (true) {
                if (tryCreate(fs, file, owner, timeout)) {
                    return new TrainingLease(fs, file, timeout, owner, Optional.empty());
                }
                Optional<Held> held = Held.read(fs, file);
                if (held.isEmpty()) {
                    continue; // released in between: try again
                }
                Held h = held.get();
                if (h.expired(System.currentTimeMillis())) {
                    Optional<TrainingLease> taken = takeOver(fs, file, h, owner, timeout);
                    if (taken.isPresent()) {
                        return taken.get();
                    }
                    throw locked(file, h, "another run is taking over its expired lease");
                }
                // Alive or dead? Wait for the holder's next touch, or for the lease to expire.
                long wait = Math.min(h.expiresAt() - System.currentTimeMillis() + 100, 1000);
                if (System.currentTimeMillis() > deadline) {
                    throw locked(file, h, "it keeps renewing its lease");
                }
                Thread.sleep(Math.max(50, wait));
                Optional<Held> again = Held.read(fs, file);
                if (again.isPresent() && again.get().owner().equals(h.owner()) && again.get().touched() != h.touched()) {
                    throw locked(file, again.get(), "its lease is alive (renewed just now)");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationFailedException("interrupted while taking " + file, e);
        } catch (IOException e) {
            throw new OperationFailedException("cannot take the training lease " + file + ": " + e.getMessage(), e);
        }
    }

    private static LockedException locked(Path file, Held h, String why) {
        return new LockedException("another training run holds " + file + " (" + h.describe() + "): "
                + why + "; a run that died loses it " + h.timeout().toSeconds() + " s after its last renewal");
    }

    private static boolean tryCreate(FileSystem fs, Path file, String owner, Duration timeout) throws IOException {
        try (OutputStream out = fs.create(file, false)) {
            Properties p = new Properties();
            p.setProperty("owner", owner);
            p.setProperty("holder", "pid " + ProcessHandle.current().pid() + " on " + hostName());
            p.setProperty("since", Instant.now().toString());
            p.setProperty("timeout", timeout.toString());
            p.store(out, "Sparkify training lease: renewed by touching this file; expired leases are taken over");
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            // Some file systems report "exists" as a plain IOException.
            if (fs.exists(file)) {
                return false;
            }
            throw e;
        }
    }

    private static Optional<TrainingLease> takeOver(FileSystem fs, Path file, Held stale, String owner, Duration timeout)
            throws IOException {
        Path marker = new Path(file.getParent(), file.getName() + TAKEOVER_PREFIX + stale.owner());
        if (!tryCreate(fs, marker, owner, timeout)) {
            return Optional.empty();
        }
        // Still the same dead holder's file? (It may have been released and re-taken since we read it.)
        Optional<Held> now = Held.read(fs, file);
        if (now.isPresent() && !now.get().owner().equals(stale.owner())) {
            fs.delete(marker, false);
            return Optional.empty();
        }
        fs.delete(file, false);
        if (!tryCreate(fs, file, owner, timeout)) {
            fs.delete(marker, false);
            return Optional.empty();
        }
        LOG.warn("took over the training lease {} from a run that stopped renewing it ({}); its last renewal was {} s ago",
                file, stale.describe(), (System.currentTimeMillis() - stale.touched()) / 1000);
        System.err.println("note: took over the training lease " + file + " from a dead run (" + stale.describe() + ")");
        return Optional.of(new TrainingLease(fs, file, timeout, owner, Optional.of(marker)));
    }

    private void renew() {
        if (released || lost) {
            return;
        }
        try {
            Optional<Held> h = Held.read(fs, file);
            if (h.isEmpty() || !h.get().owner().equals(owner)) {
                lost = true;
                LOG.error("lost the training lease {}: another run took it over (this run did not renew it within {})",
                        file, timeout);
                return;
            }
            fs.setTimes(file, System.currentTimeMillis(), -1);
        } catch (IOException | RuntimeException e) {
            // Transient (a namenode failover): the next renewal retries; the timeout allows two misses.
            LOG.warn("cannot renew the training lease {}: {}", file, e.toString());
        }
    }

    /** True once another run took the lease over (this run stalled longer than the timeout). */
    public boolean lost() {
        return lost;
    }

    /** Stops renewing and deletes the lease if it is still this run's; fails if it was lost meanwhile. */
    @Override
    public void close() throws IOException {
        if (released) {
            return;
        }
        released = true;
        heartbeat.shutdownNow();
        Optional<Held> h = Held.read(fs, file);
        boolean ours = h.isPresent() && h.get().owner().equals(owner);
        if (ours) {
            fs.delete(file, false);
        }
        if (takeoverMarker.isPresent()) {
            fs.delete(takeoverMarker.get(), false);
        }
        if (!ours || lost) {
            throw new IOException("the training lease " + file + " was taken over by another run while this one held it "
                    + "(it stalled longer than " + timeout + "); check the registry's versions and CHAMPION");
        }
    }

    /** Stops renewing without releasing, as a dead holder would: for tests. */
    void abandon() {
        released = true;
        heartbeat.shutdownNow();
    }

    /** Stops renewing but still holds on, as a run stalled longer than the timeout (a long GC pause): for tests. */
    void pauseRenewal() {
        heartbeat.shutdownNow();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }

    /** A lease as found on the file system. */
    record Held(String owner, String holder, Duration timeout, long touched) {

        long expiresAt() {
            return touched + timeout.toMillis();
        }

        boolean expired(long now) {
            return now > expiresAt();
        }

        String describe() {
            return holder + ", renewed " + Instant.ofEpochMilli(touched);
        }

        static Optional<Held> read(FileSystem fs, Path file) throws IOException {
            try {
                FileStatus st = fs.getFileStatus(file);
                Properties p = new Properties();
                try (InputStream in = fs.open(file)) {
                    p.load(new java.io.InputStreamReader(in, StandardCharsets.ISO_8859_1));
                }
                Duration t;
                try {
                    t = Duration.parse(p.getProperty("timeout", "PT2M"));
                } catch (RuntimeException e) {
                    t = Duration.ofMinutes(2);
                }
                // A file being written has no owner yet: treat it as a fresh lease of its writer.
                return Optional.of(new Held(p.getProperty("owner", "unknown-" + st.getModificationTime()),
                        p.getProperty("holder", "an unknown run"), t, st.getModificationTime()));
            } catch (FileNotFoundException e) {
                return Optional.empty();
            }
        }
    }
}
