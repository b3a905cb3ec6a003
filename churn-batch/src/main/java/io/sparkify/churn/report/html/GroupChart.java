package io.sparkify.churn.report.html;

import io.sparkify.churn.report.data.GroupCounts;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Stacked churned/stayed user counts per group (and subgroup), each category labelled with its
 * churn rate, and the reading naming the groups that churn most and least.
 */
final class GroupChart {

    private GroupChart() {
    }

    /**
     * @param horizontal bars left to right (many or long category names)
     * @param what the kind of group in the reading, e.g. "devices"
     */
    static ChartBlock of(String id, String title, String axis, List<GroupCounts> groups, boolean horizontal, String what) {
        List<String> categories = groups.stream().map(g -> label(g) + (horizontal ? "  " : "\n")
                + Fmt.pct0(g.churnRate()) + " churn").toList();
        List<Long> churned = groups.stream().map(GroupCounts::churned).toList();
        List<Long> stayed = groups.stream().map(GroupCounts::stayed).toList();
        ChartOption c = new ChartOption();
        if (horizontal) {
            c.categoryY(axis, categories).valueX("users");
        } else {
            c.categoryX(axis, categories).valueY("users");
        }
        c.bar("stayed", Palette.STAYED, stayed, "users").bar("churned", Palette.CHURNED, churned, "users");
        int height = horizontal ? Math.max(300, 60 + 22 * groups.size()) : 360;
        return new ChartBlock(id, title, reading(groups, what), c.build(), height, false);
    }

    static String label(GroupCounts g) {
        return g.subgroup().isEmpty() ? g.group() : g.group() + " · " + g.subgroup();
    }

    /** Highest and lowest churn rate among groups large enough to mean something. */
    static String reading(List<GroupCounts> groups, String what) {
        long users = groups.stream().mapToLong(GroupCounts::users).sum();
        long minUsers = Math.max(5, Math.round(users * 0.02));
        List<GroupCounts> sized = groups.stream().filter(g -> g.users() >= minUsers).toList();
        Optional<GroupCounts> high = sized.stream().max(Comparator.comparingDouble(GroupCounts::churnRate));
        Optional<GroupCounts> low = sized.stream().min(Comparator.comparingDouble(GroupCounts::churnRate));
        if (high.isEmpty() || sized.size() < 2) {
            return "Too few users per group to compare " + what + " (fewer than " + minUsers + " users each).";
        }
        double overall = (double) groups.stream().mapToLong(GroupCounts::churned).sum() / Math.max(1, users);
        return "Among " + what + " with at least " + minUsers + " users, " + describe(high.get()) + " churn most and "
                + describe(low.get()) + " least (overall " + Fmt.pct0(overall) + ").";
    }

    private static String describe(GroupCounts g) {
        return label(g) + " (" + Fmt.pct0(g.churnRate()) + ", " + g.churned() + " of " + g.users() + ")";
    }
}
