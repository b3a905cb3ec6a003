package io.sparkify.churn.report.data;

/**
 * One page type per user, churned against stayed users: visits per observed day, and visits per
 * 100 of the user's events (the page's share of what the user does, whatever their volume).
 */
public record PageActivity(String page, BoxStats churned, BoxStats stayed, BoxStats churnedPer100, BoxStats stayedPer100) {
}
