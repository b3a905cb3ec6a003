package io.sparkify.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.sparkify.testsupport.LocalSpark;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A job's session started in a JVM where Spark already runs (a test, an embedding application)
 * gets the job's SQL settings in a session of its own and changes nothing for the session that
 * was there: results cannot depend on which ran first.
 */
@ExtendWith(LocalSpark.class)
class SparkSessionsTest {

    private static final String SHUFFLE = "spark.sql.shuffle.partitions";

    @Test
    void aJobBesideARunningSessionGetsItsOwnSettingsAndLeavesTheRunningOneAsItWas(SparkSession mine) {
        SparkSession shared = SparkSession.getDefaultSession().get();
        String sharedBefore = shared.conf().get(SHUFFLE);

        SparkSession job = SparkSessions.create("sparkify-test-job", "local[2]");

        assertNotSame(shared, job);
        assertNotSame(mine, job);
        assertSame(shared.sparkContext(), job.sparkContext(), "one SparkContext per JVM");
        assertEquals(String.valueOf(Math.max(4, Runtime.getRuntime().availableProcessors() * 2)), job.conf().get(SHUFFLE));
        assertEquals("UTC", job.conf().get("spark.sql.session.timeZone"));
        assertEquals(sharedBefore, shared.conf().get(SHUFFLE), "the running session's settings are unchanged");
        assertEquals(LocalSpark.SQL_SETTINGS.get(SHUFFLE), mine.conf().get(SHUFFLE), "the test's session is unchanged");
    }
}
