package io.sparkify.churn.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.error.LockedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's training lease on a real Hadoop file system (the local one), with short timeouts. */
class TrainingLeaseTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private FileSystem fs;
    private org.apache.hadoop.fs.Path lease;

    @BeforeEach
    void setUp() throws IOException {
        fs = FileSystem.getLocal(new Configuration());
        lease = new org.apache.hadoop.fs.Path(dir.toUri().toString(), "models/" + ModelRegistry.LOCK_FILE);
    }

    @Test
    void aLiveLeaseMakesTheNextRunExitLocked() throws Exception {
        try (TrainingLease held = TrainingLease.acquire(fs, lease, TIMEOUT)) {
            LockedException e = assertThrows(LockedException.class, () -> TrainingLease.acquire(fs, lease, TIMEOUT));

            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
        }
        assertTrue(!fs.exists(lease), "released");
    }

    @Test
    void aReleasedLeaseIsFreeAtOnce() throws Exception {
        TrainingLease.acquire(fs, lease, TIMEOUT).close();
        long t0 = System.nanoTime();
        TrainingLease.acquire(fs, lease, Duration.ofMinutes(5)).close();
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "no waiting for a released lease");
    }

    @Test
    void aHolderThatStoppedRenewingLosesItsLeaseToTheNextRunAndCannotReleaseItsSuccessorsLease() throws Exception {
        TrainingLease stalled = TrainingLease.acquire(fs, lease, TIMEOUT);
        stalled.pauseRenewal();

        try (TrainingLease next = TrainingLease.acquire(fs, lease, TIMEOUT)) {
            IOException e = assertThrows(IOException.class, stalled::close);
            assertTrue(e.getMessage().contains("taken over"), e.getMessage());
            assertTrue(fs.exists(lease), "the successor's lease survives the stalled run's release");
            // ... and the successor's lease is alive: a third run is refused.
            assertThrows(LockedException.class, () -> TrainingLease.acquire(fs, lease, TIMEOUT));
        }
    }

    @Test
    void twoRunsFindingTheSameDeadLeaseTakeItOverOnlyOnce() throws Exception {
        TrainingLease dead = TrainingLease.acquire(fs, lease, TIMEOUT);
        dead.abandon();
        Thread.sleep(TIMEOUT.toMillis() + 200);

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<TrainingLease>> runs = new ArrayList<>();
            Callable<TrainingLease> take = () -> TrainingLease.acquire(fs, lease, TIMEOUT);
            runs.add(pool.submit(take));
            runs.add(pool.submit(take));
            int won = 0;
            int locked = 0;
            List<TrainingLease> held = new ArrayList<>();
            for (Future<TrainingLease> f : runs) {
                try {
                    held.add(f.get(30, TimeUnit.SECONDS));
                    won++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertInstanceOf(LockedException.class, e.getCause());
                    locked++;
                }
            }
            assertEquals(1, won, "one taker");
            assertEquals(1, locked, "the other is refused");
            for (TrainingLease l : held) {
                l.close();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** kill -9 of a JVM that holds the lease: the next run waits out the timeout and takes it over. */
    @Test
    void aKilledHolderJvmLosesItsLeaseAfterTheTimeout() throws Exception {
        Path ready = dir.resolve("holding");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LeaseHolder.class.getName(),
                lease.toString(), "PT2S", ready.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("holder.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(ready)) {
                assertTrue(holder.isAlive(), () -> "holder died: " + read(dir.resolve("holder.log")));
                assertTrue(System.nanoTime() < deadline, "the holder took the lease");
                Thread.sleep(100);
            }
            // Alive: refused.
            assertThrows(LockedException.class, () -> TrainingLease.acquire(fs, lease, TIMEOUT));
        } finally {
            holder.destroyForcibly().waitFor(); // SIGKILL: no release, no shutdown hook
        }
        assertTrue(fs.exists(lease), "the killed holder left its lease");

        long t0 = System.nanoTime();
        try (TrainingLease next = TrainingLease.acquire(fs, lease, TIMEOUT)) {
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(waited < 2 * TIMEOUT.toMillis() + 2_000, "taken over within the timeout, after " + waited + " ms");
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** A JVM that takes the lease, says so, and holds it until killed. */
    public static final class LeaseHolder {
        public static void main(String[] args) throws Exception {
            FileSystem fs = FileSystem.getLocal(new Configuration());
            TrainingLease lease = TrainingLease.acquire(fs, new org.apache.hadoop.fs.Path(args[0]), Duration.parse(args[1]));
            Files.createFile(Path.of(args[2]));
            Thread.sleep(Long.MAX_VALUE);
            lease.close();
        }
    }
}
