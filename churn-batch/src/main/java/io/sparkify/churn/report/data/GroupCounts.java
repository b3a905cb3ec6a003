package io.sparkify.churn.report.data;

/**
 * Users in one group (e.g. gender {@code M}) and optional subgroup (e.g. last level {@code paid};
 * empty when the view has none), split by whether they churned.
 */
public record GroupCounts(String group, String subgroup, long churned, long stayed) {

    public long users() {
        return churned + stayed;
    }

    public double churnRate() {
        return users() == 0 ? 0 : (double) churned / users();
    }
}
