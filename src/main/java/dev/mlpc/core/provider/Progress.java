package dev.mlpc.core.provider;

/**
 * Progress reporting and cancellation for long work. Implementations must be thread-safe; the UI adapts them to
 * JavaFX properties on the FX thread.
 */
public interface Progress {
    /** What is happening now, one short line. */
    void status(String message);

    /** Work done so far out of total (total &lt;= 0: unknown). */
    void worked(long done, long total);

    /** True once the user asked to cancel; long loops check it between steps. */
    boolean cancelled();

    /**
     * The apply loop is about to run statement {@code index} (0-based, in the plan's order) of {@code total}: called
     * after its transaction began and its outputs were bound, right before it goes to the system. An exception stops
     * the apply before that statement runs (the write-ahead journal could not record the intent).
     */
    default void statementStarting(int index, int total) { }

    /** Statement {@code index} came back from the system done (inside a transaction: not yet committed). */
    default void statementReturned(int index) { }

    default void checkCancelled() throws CancelledException {
        if (cancelled()) throw new CancelledException();
    }

    Progress NONE = new Progress() {
        @Override public void status(String message) { }
        @Override public void worked(long done, long total) { }
        @Override public boolean cancelled() { return false; }
    };
}
