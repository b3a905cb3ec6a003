package io.sparkify.churn.features;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.sql.Column;

/**
 * What churn means in the event log, in one place for training, scoring, the report and the input statistics:
 * the page that marks a cancellation, the pages that define the label (never an input of a feature or an
 * activity measure), and which events belong to a user at all.
 */
public final class ChurnDefinition {

    /** A user churned at their first event of this page. */
    public static final String CHURN_PAGE = "Cancellation Confirmation";
    /** The pages that define the label: the way into the cancellation and the cancellation itself. */
    public static final List<String> LABEL_PAGES = List.of("Cancel", CHURN_PAGE);
    public static final long DAY_MS = 86_400_000L;

    private ChurnDefinition() {
    }

    /** Events of an identified user: guests and logged-out pages carry an empty or missing userId. */
    public static Column hasUserId() {
        return col("userId").isNotNull().and(col("userId").notEqual(""));
    }

    /** The cancellation event itself. */
    public static Column isChurnEvent() {
        return col("page").equalTo(CHURN_PAGE);
    }

    /** One of {@link #LABEL_PAGES}. */
    public static Column isLabelPage() {
        return col("page").isin(LABEL_PAGES.toArray());
    }
}
