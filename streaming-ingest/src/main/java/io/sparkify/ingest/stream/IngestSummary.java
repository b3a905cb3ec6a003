package io.sparkify.ingest.stream;

/**
 * What one run ingested, from the queries' progress.
 *
 * @param records Kafka records read (by the events query; the quarantine query reads the same)
 * @param batches micro-batches with data run by the events query
 * @param behind records left between the last batch and the topic's end when the run ended
 */
public record IngestSummary(long records, long batches, long behind) {
}
