package dev.mlpc.testing.fakeapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Renderer;
import dev.mlpc.core.plan.Statement;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Provider;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.run.RunClock;
import dev.mlpc.core.spec.PropertySpec;
import dev.mlpc.core.spec.ResourceType;
import dev.mlpc.core.spec.SecretResolver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A provider for an API system, in test code only: {@code fakeapi.widget} ({@code size}, an optional {@code secret})
 * and {@code fakeapi.gadget} ({@code widget}, which it lives on, and {@code color}). Statements are request maps
 * {@code {"operation": "CreateWidget", "request": {…}}}; a gadget's create names its widget by the server-assigned id
 * through the placeholder {@code ${fakeapi.widget.<name>.WidgetId}}. Sessions talk to one {@link FakeApiServer}.
 */
public final class FakeApiProvider implements Provider {
    public static final String WIDGET = "fakeapi.widget";
    public static final String GADGET = "fakeapi.gadget";

    private final FakeApiServer server;
    private final RunClock clock;
    private final Duration deadline;
    private final Duration pollInterval;
    private final FakeApiRenderer renderer = new FakeApiRenderer();
    private final List<ResourceType> types = List.of(
            ResourceType.builder(WIDGET).describe("a widget; the server assigns its WidgetId")
                    .property(PropertySpec.of("size", PropertySpec.Kind.INTEGER).range(1, 100))
                    .property(PropertySpec.of("secret", PropertySpec.Kind.SECRET))
                    .build(),
            ResourceType.builder(GADGET).describe("a gadget on a widget")
                    .property(PropertySpec.of("widget", PropertySpec.Kind.IDENTIFIER).required().immutable().references(WIDGET))
                    .property(PropertySpec.of("color", PropertySpec.Kind.STRING))
                    .build());

    /**
     * @param clock        the runner's clock (a {@link FakeClock} in tests, {@link RunClock#SYSTEM} in benchmarks)
     * @param deadline     each step's deadline
     * @param pollInterval the first poll interval when the server gives no Retry-After
     */
    public FakeApiProvider(FakeApiServer server, RunClock clock, Duration deadline, Duration pollInterval) {
        this.server = server;
        this.clock = clock;
        this.deadline = deadline;
        this.pollInterval = pollInterval;
    }

    public FakeApiServer server() { return server; }

    @Override
    public String id() { return "fakeapi"; }

    @Override
    public String displayName() { return "Fake API"; }

    @Override
    public List<ResourceType> resourceTypes() { return types; }

    @Override
    public String checkIdentifier(String name) {
        return name.matches("[a-z][a-z0-9-]{0,62}") ? null
                : "must be 1-63 lower-case letters, digits or '-', starting with a letter";
    }

    @Override
    public Renderer renderer() { return renderer; }

    @Override
    public String generatedExtension() { return "json"; }

    /** The offline plan's request documents as one JSON array, keys sorted. */
    @Override
    public String renderDocument(Plan offlinePlan) {
        List<Object> docs = new ArrayList<>();
        for (Change c : offlinePlan.actionable()) {
            for (Statement st : c.statements()) docs.add(st.display());
        }
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(docs) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<String> checkProfile(ConnectionProfile profile) {
        List<String> problems = new ArrayList<>();
        String token = profile.setting("token");
        if (token != null && !dev.mlpc.core.spec.SecretRef.isReference(token)) {
            problems.add("token: " + dev.mlpc.core.spec.SecretRef.expectedForm());
        }
        return problems;
    }

    @Override
    public ProviderSession connect(ConnectionProfile profile, SecretResolver secrets, Duration timeout) {
        return new FakeApiSession(server, secrets, clock, deadline, pollInterval);
    }

    /** {@code {"operation": op, "request": request}} with the request's keys in the given order. */
    static Map<String, Object> request(String operation, Map<String, Object> request) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("operation", operation);
        m.put("request", request);
        return m;
    }
}
