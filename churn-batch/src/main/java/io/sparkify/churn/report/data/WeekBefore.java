package io.sparkify.churn.report.data;

/**
 * Activity in the {@code week}-th week (1 = the last 7 days) before a user's reference time:
 * cancellation for churned users, their last event for those who stayed. Only users observed for
 * the whole week count ({@code churnedUsers}, {@code stayedUsers}); the per-user values are events
 * divided by those users, so a user with no events that week counts as zero.
 */
public record WeekBefore(int week, long churnedUsers, double churnedEventsPerUser, long stayedUsers, double stayedEventsPerUser) {
}
