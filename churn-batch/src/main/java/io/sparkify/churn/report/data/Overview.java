package io.sparkify.churn.report.data;

import java.time.Instant;

/**
 * The headline numbers. Of {@code recordsRead} input records, {@code rejected} were not valid
 * events; of the {@code validEvents}, those with an empty userId (guests, logged out) are dropped
 * and the rest ({@code userEvents}) belong to {@code users}, of whom {@code churnedUsers} have a
 * Cancellation Confirmation event. The period is that of the user events (null when there are none).
 */
public record Overview(String source, String format, long recordsRead, long rejected, long validEvents,
                       long emptyUserIdEvents, long userEvents, long users, long churnedUsers,
                       Instant firstEvent, Instant lastEvent) {

    /** Churned users over users; 0 when there are no users. */
    public double churnRate() {
        return users == 0 ? 0 : (double) churnedUsers / users;
    }
}
