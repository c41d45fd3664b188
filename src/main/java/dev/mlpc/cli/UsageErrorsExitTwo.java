package dev.mlpc.cli;

/**
 * A command whose usage errors (unknown option, bad or missing value, options that exclude each other) exit 2, because
 * it gives exit 1 its own meaning (error findings, a node or stack that cannot be found): {@code govern},
 * {@code lineage}, {@code export-iac}. The root's parameter-exception handler reads this marker.
 */
interface UsageErrorsExitTwo {
    int USAGE = 2;
}
