package io.sparkify.churn.io;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The churn job's input after cleaning.
 *
 * @param userEvents valid events with a non-empty userId, in the {@code EventSchema} columns (cached)
 * @param quality how every input record was accounted for
 */
public record LoadedEvents(Dataset<Row> userEvents, DataQuality quality) {

    /** Frees the cached events. */
    public void release() {
        userEvents.unpersist();
    }
}
