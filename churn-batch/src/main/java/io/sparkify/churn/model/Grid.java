package io.sparkify.churn.model;

/** How much hyper-parameter search to do. */
public enum Grid {
    /** The shipped default: small grids per model, real tree counts and boosting rounds. */
    FULL,
    /** One setting per model with fewer trees and rounds: for tests and smoke runs only. */
    QUICK
}
