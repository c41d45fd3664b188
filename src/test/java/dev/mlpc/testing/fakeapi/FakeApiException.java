package dev.mlpc.testing.fakeapi;

/** An error the fake API answers with: a code (as AWS and Azure name them) and a message. */
public final class FakeApiException extends Exception {
    private final String code;
    private final String requestId;

    public FakeApiException(String code, String message, String requestId) {
        super(code + ": " + message, null, false, false);
        this.code = code;
        this.requestId = requestId;
    }

    public String code() { return code; }

    public String requestId() { return requestId; }
}
