package io.sparkify.model;

/**
 * Why a line or Kafka record is not a valid event. The {@link #code()} strings are a public
 * interface: they appear in `validate --json`, producer reject files and the lake's quarantine.
 */
public enum RejectReason {
    /** Nothing but white space. The validator counts these apart from invalid lines. */
    BLANK("blank"),
    LINE_TOO_LONG("line_too_long"),
    NOT_UTF8("not_utf8"),
    NOT_JSON("not_json"),
    NOT_AN_OBJECT("not_an_object"),
    /** More content after the JSON object, e.g. two events on one line. */
    TRAILING_DATA("trailing_data"),
    DUPLICATE_FIELD("duplicate_field"),
    MISSING_TS("missing_ts"),
    NON_NUMERIC_TS("non_numeric_ts"),
    MISSING_SESSION_ID("missing_session_id"),
    NON_INTEGER_SESSION_ID("non_integer_session_id"),
    MISSING_PAGE("missing_page"),
    /** A known optional field with a value of the wrong JSON type (the detail names it). */
    WRONG_TYPE("wrong_type");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    /** The stable snake_case name used in summaries, reject files and the quarantine. */
    public String code() {
        return code;
    }
}
