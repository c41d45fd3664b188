package dev.mlpc.core.run;

/**
 * A statement (or opening, committing a transaction) failed. The message is the system's reason without a stack trace;
 * the runner removes resolved secrets from it before anyone sees it.
 */
public class StepFailedException extends Exception {
    private final String systemId;

    public StepFailedException(String message) {
        this(message, null);
    }

    /** @param systemId the system's id of the failed statement (Snowflake's query id), or null */
    public StepFailedException(String message, String systemId) {
        super(message, null, false, false);
        this.systemId = systemId;
    }

    public String systemId() { return systemId; }
}
