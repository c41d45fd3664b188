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

    default void checkCancelled() throws CancelledException {
        if (cancelled()) throw new CancelledException();
    }

    Progress NONE = new Progress() {
        @Override public void status(String message) { }
        @Override public void worked(long done, long total) { }
        @Override public boolean cancelled() { return false; }
    };
}
