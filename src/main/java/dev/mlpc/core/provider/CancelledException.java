package dev.mlpc.core.provider;

/** The user cancelled the work; whatever had run is reported by the caller. */
public class CancelledException extends ProviderException {
    public CancelledException() {
        super("cancelled");
    }

    /**
     * A cancellation that says what happens to work the system already started (a live action whose operation keeps
     * running remotely: "stopped waiting; the synchronization of … continues on Azure").
     */
    public CancelledException(String message) {
        super(message == null || message.isBlank() ? "cancelled" : message);
    }
}
