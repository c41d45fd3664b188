package dev.mlpc.providers.sagemaker;

import dev.mlpc.core.plan.CanonicalJson;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Renderer;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Provider;
import dev.mlpc.core.provider.ProviderDescriptor;
import dev.mlpc.core.provider.WizardSpec;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.provider.SettingSpec;
import dev.mlpc.core.provider.SettingSpec.Choice;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.ResourceType;
import dev.mlpc.core.spec.SecretRef;
import dev.mlpc.core.spec.SecretResolver;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The AWS SageMaker provider: domains and user profiles ({@link SageMakerTypes}), rendered as request documents
 * ({@link SageMakerRenderer}), and live sessions through the AWS SDK v2 ({@link SageMakerSession}).
 * <p>
 * Connection profile ({@code type: sagemaker}): {@code region} (required), {@code credentials}: {@code default} (the
 * SDK's default chain), {@code profile} (a named profile of the AWS config files, SSO profiles included; setting
 * {@code profile}), {@code static} ({@code access_key_id}, {@code secret_access_key}, optional {@code session_token}:
 * secret references only) or {@code web_identity} (the {@code AWS_WEB_IDENTITY_TOKEN_FILE} / {@code AWS_ROLE_ARN}
 * environment); optional {@code endpoint_url} (https, or http for 127.0.0.1 / localhost only: a local simulator).
 */
public final class SageMakerProvider implements Provider {
    public static final String ID = "sagemaker";
    public static final List<String> CREDENTIALS = List.of("default", "profile", "static", "web_identity");
    /** The static-credential settings; secret references only. */
    public static final List<String> KEYS = List.of("access_key_id", "secret_access_key", "session_token");

    /** Built on first use: the console's first window needs only {@link #describe()} (issue 14, part 3). */
    private List<ResourceType> types;
    private final SageMakerRenderer renderer = new SageMakerRenderer();
    private final Duration pollInterval;

    /** The provider of the console: the first poll of a running operation after {@link #DEFAULT_POLL}. */
    public SageMakerProvider() {
        this(DEFAULT_POLL);
    }

    /**
     * A provider whose applies poll running operations first after {@code firstPoll} (growing by half per poll, up to
     * 30 s): tests against a local simulator use milliseconds.
     */
    public SageMakerProvider(Duration firstPoll) {
        if (firstPoll == null || firstPoll.isNegative() || firstPoll.isZero()) throw new IllegalArgumentException("firstPoll must be positive");
        this.pollInterval = firstPoll;
    }

    /** First wait before polling a running operation. */
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(5);

    @Override
    public String id() { return ID; }

    @Override
    public String displayName() { return "AWS SageMaker"; }

    /** {@code sagemaker <region>}, with {@code (profile P)} for a named AWS profile and {@code via <host>} for an endpoint override. */
    @Override
    public String targetIdentity(ConnectionProfile profile) {
        StringBuilder b = new StringBuilder("sagemaker ");
        String region = setting(profile, "region");
        b.append(region == null ? "(no region)" : dev.mlpc.core.provider.TargetIdentity.clean(region));
        String named = setting(profile, "profile");
        if (named != null) b.append(" (profile ").append(dev.mlpc.core.provider.TargetIdentity.clean(named)).append(')');
        String endpoint = setting(profile, "endpoint_url");
        if (endpoint != null) {
            String host = dev.mlpc.core.provider.TargetIdentity.clean(endpoint.replaceFirst("(?i)^[a-z][a-z0-9+.-]*://", "")).replaceFirst("/.*$", "");
            if (!host.isEmpty()) b.append(" via ").append(host);
        }
        return b.toString();
    }

    @Override
    public synchronized List<ResourceType> resourceTypes() {
        if (types == null) types = SageMakerTypes.all();
        return types;
    }

    /** Resource names are domain and profile names: the API's name pattern. */
    @Override
    public String checkIdentifier(String name) { return SageMakerTypes.checkName(name); }

    @Override
    public Renderer renderer() { return renderer; }

    @Override
    public String generatedExtension() { return "json"; }

    /** The canonical request documents of the offline plan ({@link CanonicalJson#requestDocument}). */
    @Override
    public String renderDocument(Plan offlinePlan) {
        return CanonicalJson.requestDocument(offlinePlan);
    }

    @Override
    public List<String> checkProfile(ConnectionProfile profile) {
        List<String> problems = new ArrayList<>();
        String region = setting(profile, "region");
        if (region == null) problems.add("region: required, e.g. eu-west-1");
        else if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d{1,2}")) {
            problems.add("region: " + Problem.quote(region) + " is not an AWS region name such as eu-west-1");
        }
        String cred = setting(profile, "credentials");
        String method = cred == null ? "default" : cred.toLowerCase(Locale.ROOT);
        if (!CREDENTIALS.contains(method)) {
            problems.add("credentials: must be one of " + String.join(", ", CREDENTIALS) + ", not " + Problem.quote(cred));
            method = null;
        }
        String named = setting(profile, "profile");
        if ("profile".equals(method) && named == null) {
            problems.add("profile: required with credentials: profile (the name of a profile in ~/.aws/config)");
        } else if (named != null && method != null && !"profile".equals(method)) {
            problems.add("profile: only used with credentials: profile (this connection uses " + method + ")");
        } else if (named != null && !named.matches("[A-Za-z0-9_.@+\\-]{1,128}")) {
            problems.add("profile: " + Problem.quote(named) + " is not a profile name (letters, digits, '_', '.', '-', '@', '+')");
        }
        for (String key : KEYS) {
            String v = setting(profile, key);
            if (v == null) continue;
            if (!SecretRef.isReference(v)) problems.add(key + ": " + SecretRef.expectedForm() + "; a key is never stored in plain text");
            else if (method != null && !"static".equals(method)) {
                problems.add(key + ": only used with credentials: static (this connection uses " + method + ")");
            }
        }
        if ("static".equals(method)) {
            for (String key : List.of("access_key_id", "secret_access_key")) {
                if (setting(profile, key) == null) problems.add(key + ": required with credentials: static, as a secret reference");
            }
        }
        String endpoint = setting(profile, "endpoint_url");
        if (endpoint != null) {
            String bad = checkEndpoint(endpoint);
            if (bad != null) problems.add("endpoint_url: " + bad);
        }
        return problems;
    }

    /** Null when the endpoint override is acceptable: https, or http to the loopback host only; no user info. */
    static String checkEndpoint(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (java.net.URISyntaxException e) {
            return "not a URL (e.g. https://api.sagemaker.eu-west-1.amazonaws.com)";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host == null || host.isEmpty()) return "must be an absolute URL with a host, e.g. https://api.sagemaker.eu-west-1.amazonaws.com";
        if (uri.getUserInfo() != null) return "must not hold a user or password";
        if (uri.getQuery() != null || uri.getFragment() != null) return "must not have a query or fragment";
        if (scheme.equals("https")) return null;
        if (scheme.equals("http")) {
            String h = host.toLowerCase(Locale.ROOT);
            if (h.equals("127.0.0.1") || h.equals("localhost") || h.equals("[::1]")) return null;
            return "http is allowed only for 127.0.0.1 or localhost (a local simulator); use https";
        }
        return "must start with https:// (or http:// for 127.0.0.1)";
    }

    /** A setting's value; blank counts as not given (forms send empty fields). */
    static String setting(ConnectionProfile profile, String key) {
        String v = profile.setting(key);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /**
     * Opens an SDK client after checking the profile; nothing is sent until the first read (the console's connection
     * test reads the domain list: one ListDomains call).
     */
    @Override
    public ProviderSession connect(ConnectionProfile profile, SecretResolver secrets, Duration timeout)
            throws ProviderException {
        List<String> problems = checkProfile(profile);
        if (!problems.isEmpty()) {
            throw new ProviderException("connection " + Problem.quote(profile.name()) + ": " + String.join("; ", problems));
        }
        SageMakerConnector connector = new SageMakerConnector(profile, secrets, timeout);
        return new SageMakerSession(connector, connector.open(), secrets, pollInterval);
    }

    /** Domains and profiles are placed in the tree by their domain. */
    @Override
    public List<String> treeContainers() {
        return List.of("domain");
    }

    /** A profile is listed under its domain's node; domains at the top. */
    @Override
    public String liveParentPath(Resource resource) {
        return SageMakerTree.parentPath(resource);
    }

    /** {@code domains/<DomainName>}, {@code domains/<DomainName>/user_profiles/<UserProfileName>} (container {@code domain}). */
    @Override
    public String livePath(dev.mlpc.core.provider.ConnectionProfile profile, String type, String name,
                           java.util.Map<String, String> containers) {
        return SageMakerTree.path(type, name, containers);
    }

    /** The live tree names a domain by its DomainName, a profile by its UserProfileName. */
    @Override
    public String storedName(String name) {
        return name;
    }

    /**
     * A SageMaker connection is a region, a credentials choice (which decides the other settings) and an optional
     * endpoint. The secret access key is stored under {@code mlpc/<connection>}, the key id and session token under
     * {@code mlpc/<connection>/<setting>}. One wizard: the governance domain (ui.wizard.sagemaker).
     */
    @Override
    public ProviderDescriptor describe() {
        return ProviderDescriptor.builder(id(), displayName())
                .setting(SettingSpec.text("region", "_Region").asRequired("region: required, e.g. eu-west-1")
                        .withPrompt("eu-west-1"))
                .setting(SettingSpec.choice("credentials", "_Credentials",
                        new Choice("default", "default (the SDK's default chain)", "the AWS environment or config files"),
                        new Choice("profile", "profile (a named profile, SSO included)", "profile and its login (aws sso login)"),
                        new Choice("static", "static (access keys)", "access_key_id and secret_access_key"),
                        new Choice("web_identity", "web_identity (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN)", "the web identity token and role"))
                        .withDefault("default"))
                .setting(SettingSpec.text("profile", "_Profile").withPrompt("ml-admin")
                        .withHint("A profile of ~/.aws/config.").shownWhen("credentials", "profile"))
                .setting(SettingSpec.secret("access_key_id", "Access _key id", "access key id")
                        .withPrompt("${env:AWS_ACCESS_KEY_ID} or ${keychain:service/account}")
                        .withHint("Only a reference is saved, never the key.").shownWhen("credentials", "static"))
                .setting(SettingSpec.secret("secret_access_key", "_Secret access key", "secret access key")
                        .withPrompt("${env:AWS_SECRET_ACCESS_KEY} or ${keychain:service/account}")
                        .withHint("Only a reference is saved, never the key.").shownWhen("credentials", "static"))
                .setting(SettingSpec.secret("session_token", "Session _token", "session token")
                        .withPrompt("optional: ${env:AWS_SESSION_TOKEN}")
                        .withHint("Only a reference is saved, never the token.").shownWhen("credentials", "static"))
                .setting(SettingSpec.url("endpoint_url", "_Endpoint URL")
                        .withPrompt("optional: https://api.sagemaker.eu-west-1.amazonaws.com")
                        .withHint("A VPC or FIPS endpoint; http only for a local simulator on 127.0.0.1."))
                .primarySecret("secret_access_key")
                .location(false, "endpoint_url", "region")
                .sessionFacts(new ProviderDescriptor.SessionFact("region", "region ", null))
                .loginRefused("refused the credentials")
                .wizard(new WizardSpec("sagemaker-governance-domain", "SageMaker _governance domain…", "Shortcut+Shift+G",
                        "A SageMaker domain for governed dataset access: VPC, KMS, owner and classification tags, default user settings and user profiles.", "shield", null))
                .icon("layers", "domain", "domains").icon("user", "user_profile")
                .generatedExtension(generatedExtension()).treeContainers(treeContainers())
                .build();
    }
}
