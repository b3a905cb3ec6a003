package io.sparkify.churn.report.html;

/** The page's colours: churned and stayed keep the same colour in every chart. */
final class Palette {

    static final String CHURNED = "#d6443a";
    static final String STAYED = "#2f7ed8";
    static final String NEUTRAL = "#7f7f7f";
    static final String[] MODELS = {"#2f7ed8", "#e8890c", "#2ca02c", "#9467bd", "#8c564b", "#17becf"};

    private Palette() {
    }

    /** The colour of the i-th model, cycling. */
    static String model(int i) {
        return MODELS[Math.floorMod(i, MODELS.length)];
    }
}
