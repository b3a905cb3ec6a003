package io.sparkify.churn.report.html;

import java.util.Locale;

/** Stable element ids from names, e.g. "Thumbs Down" -> "thumbs-down". */
final class Ids {

    private Ids() {
    }

    static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return s.isEmpty() ? "x" : s;
    }
}
