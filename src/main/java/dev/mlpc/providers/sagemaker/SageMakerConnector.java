package dev.mlpc.providers.sagemaker;

import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.SecretRef;
import dev.mlpc.core.spec.SecretResolver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * Builds the SDK client of a {@code type: sagemaker} connection: explicit region, the JDK URL-connection HTTP client
 * with connect and read timeouts, the chosen credentials (static keys resolved from their secret references, never
 * kept in plain text in a setting), the optional endpoint override, and the SDK's standard retry strategy (throttling
 * and transient errors retried with exponential backoff and jitter, {@link #MAX_ATTEMPTS} attempts in all). Also turns
 * SDK errors into messages for the admin.
 */
final class SageMakerConnector {
    /** Attempts per API call, throttled ones included. */
    static final int MAX_ATTEMPTS = 6;

    private final ConnectionProfile profile;
    private final SecretResolver secrets;
    private final Duration timeout;

    SageMakerConnector(ConnectionProfile profile, SecretResolver secrets, Duration timeout) {
        this.profile = profile;
        this.secrets = secrets;
        this.timeout = timeout == null || timeout.isZero() || timeout.isNegative() ? Duration.ofSeconds(30) : timeout;
    }

    String name() { return profile.name(); }

    String region() { return SageMakerProvider.setting(profile, "region"); }

    /** Where the connection points: the endpoint override, else the region. */
    String where() {
        String endpoint = SageMakerProvider.setting(profile, "endpoint_url");
        return endpoint != null ? endpoint : "SageMaker in " + region();
    }

    /** A client; no request is sent yet. */
    SageMakerClient open() throws ProviderException {
        var builder = SageMakerClient.builder()
                .region(Region.of(region()))
                .credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout).build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(timeout)
                        .apiCallTimeout(timeout.multipliedBy(MAX_ATTEMPTS + 1))
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(MAX_ATTEMPTS).build())
                        .build());
        String endpoint = SageMakerProvider.setting(profile, "endpoint_url");
        if (endpoint != null) builder.endpointOverride(URI.create(endpoint));
        try {
            return builder.build();
        } catch (SdkException e) {
            throw new ProviderException("connection " + Problem.quote(name()) + ": cannot set up the SageMaker client: " + e.getMessage());
        }
    }

    private AwsCredentialsProvider credentials() throws ProviderException {
        AwsCredentialsProvider inner = chosenCredentials();
        String profileName = SageMakerProvider.setting(profile, "profile");
        // Some credential sources fail with plain runtime exceptions (the SSO module: UncheckedIOException for a
        // missing cached login); they become SDK client errors so that every call reports them as a credentials problem.
        return () -> {
            try {
                return inner.resolveCredentials();
            } catch (SdkException e) {
                throw e;
            } catch (RuntimeException e) {
                throw SdkClientException.create(credentialFailure(e, profileName), e);
            }
        };
    }

    /** What went wrong loading credentials, in words: a missing SSO login names the command that makes one. */
    static String credentialFailure(Throwable e, String profileName) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.file.NoSuchFileException f && f.getFile() != null
                    && f.getFile().replace('\\', '/').contains("/sso/cache/")) {
                return "unable to load credentials: no cached AWS SSO login" + (profileName == null ? ""
                        : " for profile " + profileName + " (run: aws sso login --profile " + profileName + ")");
            }
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return "unable to load credentials: " + m;
    }

    private AwsCredentialsProvider chosenCredentials() throws ProviderException {
        String c = SageMakerProvider.setting(profile, "credentials");
        String method = c == null ? "default" : c.toLowerCase(Locale.ROOT);
        return switch (method) {
            case "profile" -> ProfileCredentialsProvider.builder().profileName(SageMakerProvider.setting(profile, "profile")).build();
            case "static" -> {
                String id = secret("access_key_id");
                String key = secret("secret_access_key");
                String token = SageMakerProvider.setting(profile, "session_token") == null ? null : secret("session_token");
                yield StaticCredentialsProvider.create(token == null ? AwsBasicCredentials.create(id, key)
                        : AwsSessionCredentials.create(id, key, token));
            }
            case "web_identity" -> WebIdentityTokenFileCredentialsProvider.builder().build();
            default -> DefaultCredentialsProvider.builder().build();
        };
    }

    private String secret(String key) throws ProviderException {
        SecretRef ref = profile.secret(key).orElseThrow(() ->
                new ProviderException("connection " + Problem.quote(name()) + ": " + key + ": " + SecretRef.expectedForm()));
        try {
            return secrets.resolve(ref);
        } catch (SecretResolver.SecretUnavailableException e) {
            throw new ProviderException("connection " + Problem.quote(name()) + ": " + key + ": " + e.getMessage());
        }
    }

    /**
     * A message for an SDK failure of {@code what} ({@code "CreateDomain of sagemaker.domain ml"}): the AWS error code
     * and message, with a hint for the usual ones; never a stack trace.
     */
    String error(String what, SdkException e) {
        if (e instanceof AwsServiceException a) {
            String code = a.awsErrorDetails() == null ? null : a.awsErrorDetails().errorCode();
            String msg = a.awsErrorDetails() == null || a.awsErrorDetails().errorMessage() == null ? a.getMessage()
                    : a.awsErrorDetails().errorMessage();
            String hint = hint(code, a.statusCode());
            return what + " failed: " + (code == null ? "HTTP " + a.statusCode() : code) + ": " + msg
                    + (hint == null ? "" : " (" + hint + ")");
        }
        if (e instanceof SdkClientException) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            String lower = m.toLowerCase(Locale.ROOT);
            if (lower.contains("credential") || lower.contains("profile") || lower.contains("sso")) {
                return what + " failed: no usable AWS credentials for connection " + Problem.quote(name()) + ": " + m;
            }
            return what + " failed: cannot reach " + where() + ": " + m;
        }
        return what + " failed: " + e.getMessage();
    }

    static String hint(String code, int status) {
        if (code == null) return null;
        return switch (code) {
            case "ValidationException" -> "SageMaker rejected the request's values";
            case "ResourceInUse" -> "the object is in use: a domain with user profiles, spaces or apps, or an operation still running on it";
            case "ResourceNotFound" -> "it does not exist (any more)";
            case "ResourceLimitExceeded" -> "an account quota is reached; ask AWS for a higher limit or remove unused objects";
            case "AccessDeniedException", "AccessDenied" -> "the credentials are not allowed this SageMaker action";
            case "UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException", "ExpiredTokenException" ->
                    "SageMaker refused the credentials";
            case "ThrottlingException", "Throttling" -> "still throttled after " + MAX_ATTEMPTS + " attempts";
            default -> status == 403 ? "SageMaker refused the credentials" : null;
        };
    }
}
