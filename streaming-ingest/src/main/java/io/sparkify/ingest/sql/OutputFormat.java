package io.sparkify.ingest.sql;

/** How {@code sql} prints its result: an aligned table for people, csv or json lines for pipes. */
public enum OutputFormat {
    TABLE, CSV, JSON
}
