package dev.mlpc.providers.datashare;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.identity.AzureAuthorityHosts;
import com.azure.identity.AzureCliCredentialBuilder;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.DeviceCodeCredentialBuilder;
import com.azure.identity.InteractiveBrowserCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.SecretRef;
import dev.mlpc.core.spec.SecretResolver;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * Builds a Data Share connection's {@link ArmClient}: the cloud's ARM endpoint and token scope, the azure-identity
 * {@link TokenCredential} the profile chooses, and an azure-core {@link HttpPipeline} over the JDK HTTP client
 * ({@code azure-core-http-jdk-httpclient}; no Netty) with connect and response timeouts, a request id, retries of
 * throttling and server errors that honour {@code Retry-After} ({@value #MAX_RETRIES} retries), and the bearer token.
 * <p>
 * Clouds: AzureCloud ({@code https://management.azure.com/}, login.microsoftonline.com), AzureChinaCloud
 * ({@code https://management.chinacloudapi.cn/}), AzureUSGovernment ({@code https://management.usgovcloudapi.net/}),
 * custom ({@code resource_manager_endpoint}, {@code authority_host}). The token scope is the endpoint followed by
 * {@code .default}. Secrets (client secret, certificate password) are resolved from their references here and only
 * handed to azure-identity.
 */
final class DataShareConnector {
    static final int MAX_RETRIES = 3;

    private final ConnectionProfile profile;
    private final SecretResolver secrets;
    private final Duration timeout;
    private final HttpClient injected;
    private final TokenCredential injectedCredential;

    DataShareConnector(ConnectionProfile profile, SecretResolver secrets, Duration timeout, HttpClient injected,
                       TokenCredential injectedCredential) {
        this.profile = profile;
        this.secrets = secrets;
        this.timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
        this.injected = injected;
        this.injectedCredential = injectedCredential;
    }

    String name() { return profile.name(); }

    ConnectionProfile profile() { return profile; }

    String subscription() { return DataShareProvider.setting(profile, "subscription_id"); }

    String tenant() { return DataShareProvider.setting(profile, "tenant_id"); }

    String resourceGroup() { return DataShareProvider.setting(profile, "resource_group"); }

    String cloud() { return DataShareProvider.cloud(profile); }

    String credentialKind() { return DataShareProvider.credential(profile); }

    /** The ARM endpoint of the profile's cloud, ending in '/'. */
    URI endpoint() {
        String e = switch (cloud()) {
            case "AzureChinaCloud" -> "https://management.chinacloudapi.cn/";
            case "AzureUSGovernment" -> "https://management.usgovcloudapi.net/";
            case "custom" -> DataShareProvider.setting(profile, "resource_manager_endpoint");
            default -> "https://management.azure.com/";
        };
        return URI.create(e.endsWith("/") ? e : e + "/");
    }

    /** The token scope of the ARM endpoint: {@code https://management.azure.com/.default}. */
    String scope() {
        return endpoint() + ".default";
    }

    /** The Azure AD authority of the profile's cloud. */
    String authorityHost() {
        return switch (cloud()) {
            case "AzureChinaCloud" -> AzureAuthorityHosts.AZURE_CHINA;
            case "AzureUSGovernment" -> AzureAuthorityHosts.AZURE_GOVERNMENT;
            case "custom" -> DataShareProvider.setting(profile, "authority_host");
            default -> AzureAuthorityHosts.AZURE_PUBLIC_CLOUD;
        };
    }

    /** The HTTP client: the injected one (tests), else azure-core's JDK HTTP client with this connection's timeouts. */
    HttpClient httpClient() {
        if (injected != null) return injected;
        return new JdkHttpClientBuilder().connectionTimeout(timeout).responseTimeout(timeout).readTimeout(timeout).build();
    }

    /** The ARM client of this connection; no request is sent (the credential asks for a token on the first one). */
    ArmClient open() throws ProviderException {
        HttpClient http = httpClient();
        TokenCredential cred = injectedCredential != null ? injectedCredential : credential(http);
        return new ArmClient(pipeline(http, cred, scope(), endpoint()), endpoint(), profile.name());
    }

    /**
     * The pipeline of every connection: user agent, request id, retries ({@value #MAX_RETRIES}, exponential from 0.8 s,
     * a {@code Retry-After} / {@code retry-after-ms} of the answer taking precedence; 408, 429 and 5xx), the bearer
     * token of {@code scope}.
     */
    static HttpPipeline pipeline(HttpClient http, TokenCredential credential, String scope, java.net.URI endpoint) {
        return new HttpPipelineBuilder()
                .httpClient(http)
                .policies(new SameOrigin(endpoint), new UserAgentPolicy("mlpc"), new RequestIdPolicy(),
                        new RetryPolicy(new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(MAX_RETRIES)
                                .setBaseDelay(Duration.ofMillis(800)).setMaxDelay(Duration.ofSeconds(60)))
                                .setShouldRetryCondition(DataShareConnector::retryable)),
                        new BearerTokenAuthenticationPolicy(credential, scope))
                .build();
    }

    /**
     * Refuses any request to another origin than the connection's Resource Manager endpoint (scheme, host and port):
     * a {@code nextLink}, {@code Azure-AsyncOperation} or {@code Location} URL that ARM (or something posing as it)
     * returns is followed with the bearer token only when it stays on that endpoint.
     */
    static final class SameOrigin extends com.azure.core.http.policy.HttpPipelineSyncPolicy {
        private final java.net.URI endpoint;

        SameOrigin(java.net.URI endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        protected void beforeSendingRequest(com.azure.core.http.HttpPipelineCallContext context) {
            java.net.URL url = context.getHttpRequest().getUrl();
            int port = url.getPort() < 0 ? url.getDefaultPort() : url.getPort();
            int expected = endpoint.getPort() < 0 ? 443 : endpoint.getPort();
            if (!url.getProtocol().equalsIgnoreCase(endpoint.getScheme()) || !url.getHost().equalsIgnoreCase(endpoint.getHost())
                    || port != expected) {
                throw new IllegalStateException("refused to send the token to " + url.getProtocol() + "://" + url.getHost()
                        + (url.getPort() < 0 ? "" : ":" + url.getPort()) + ", which is not the Resource Manager endpoint "
                        + endpoint + " (a link ARM returned points elsewhere)");
            }
        }
    }

    /**
     * What is worth another try: throttling (429), a timeout (408) and the server errors ARM retries itself (500, 502,
     * 503, 504); a failure to connect or read. Never a credential that failed (azure-core's default retries it, which
     * runs {@code az} or asks Azure AD four times for one refusal).
     */
    static boolean retryable(com.azure.core.http.policy.RequestRetryCondition c) {
        if (c.getResponse() != null) {
            int s = c.getResponse().getStatusCode();
            return s == 408 || s == 429 || s == 500 || s == 502 || s == 503 || s == 504;
        }
        boolean io = false;
        for (Throwable t = c.getThrowable(); t != null; t = t.getCause()) {
            if (t instanceof com.azure.core.exception.ClientAuthenticationException) return false;
            if (t instanceof java.io.IOException || t instanceof java.util.concurrent.TimeoutException) io = true;
        }
        return io;
    }

    /** The credential the profile chooses. */
    TokenCredential credential(HttpClient http) throws ProviderException {
        String tenant = tenant();
        String clientId = DataShareProvider.setting(profile, "client_id");
        String authority = authorityHost();
        return switch (credentialKind()) {
            case "client_secret" -> new ClientSecretCredentialBuilder().tenantId(tenant).clientId(clientId)
                    .clientSecret(secret("client_secret")).authorityHost(authority).httpClient(http).build();
            case "client_certificate" -> {
                String file = DataShareProvider.setting(profile, "client_certificate");
                if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(file))) {
                    throw new ProviderException("connection " + Problem.quote(name()) + ": client_certificate: cannot read " + file);
                }
                ClientCertificateCredentialBuilder b = new ClientCertificateCredentialBuilder().tenantId(tenant).clientId(clientId)
                        .authorityHost(authority).httpClient(http);
                String lower = file.toLowerCase(Locale.ROOT);
                if (lower.endsWith(".pfx") || lower.endsWith(".p12")) {
                    b.pfxCertificate(file);
                    if (DataShareProvider.setting(profile, "client_certificate_password") != null) {
                        b.clientCertificatePassword(secret("client_certificate_password"));
                    }
                } else {
                    b.pemCertificate(file);
                }
                yield b.build();
            }
            case "device_code" -> {
                DeviceCodeCredentialBuilder b = new DeviceCodeCredentialBuilder().authorityHost(authority).httpClient(http)
                        .challengeConsumer(c -> System.err.println(c.getMessage()));
                if (tenant != null) b.tenantId(tenant);
                if (clientId != null) b.clientId(clientId);
                yield b.build();
            }
            case "interactive_browser" -> {
                InteractiveBrowserCredentialBuilder b = new InteractiveBrowserCredentialBuilder().authorityHost(authority).httpClient(http);
                if (tenant != null) b.tenantId(tenant);
                if (clientId != null) b.clientId(clientId);
                yield b.build();
            }
            case "managed_identity" -> {
                ManagedIdentityCredentialBuilder b = new ManagedIdentityCredentialBuilder().httpClient(http);
                if (clientId != null) b.clientId(clientId);
                yield b.build();
            }
            case "default" -> {
                DefaultAzureCredentialBuilder b = new DefaultAzureCredentialBuilder().authorityHost(authority).httpClient(http);
                if (tenant != null) b.tenantId(tenant);
                yield b.build();
            }
            default -> {
                AzureCliCredentialBuilder b = new AzureCliCredentialBuilder().processTimeout(timeout);
                if (tenant != null) b.tenantId(tenant);
                yield b.build();
            }
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

    /** Where the connection points, for progress: the subscription (and resource group). */
    String where() {
        return "subscription " + subscription() + (resourceGroup() == null ? "" : " / resource group " + resourceGroup());
    }
}
