package dev.mlpc.core.provider;

/** The user cancelled the work; whatever had run is reported by the caller. */
public class CancelledException extends ProviderException {
    public CancelledException() {
        super("cancelled");
    }
}
