package dev.mlpc.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ApplyResult.Outcome;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.providers.postgres.PostgresProvider;
import dev.mlpc.testing.fakeapi.FakeApiProvider;
import dev.mlpc.testing.fakeapi.FakeApiServer;
import dev.mlpc.testing.fakeapi.FakeClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path with an API provider registered only in tests: plan → apply through the shared runner (long-running
 * creates, an output bound into a later request, a secret) → journal committed with system ids, outputs and
 * placeholders → re-plan without changes → a smaller stack drops by the id read live.
 */
class FakeApiWorkbenchTest {
    private static final String SECRET = "s3cr3t-w1dget-value";
    private static final String YAML = """
            stack: fleet
            description: widgets and gadgets on the fake API
            resources:
              - type: fakeapi.widget
                name: w1
                size: 3
                secret: ${env:WIDGET_SECRET}
              - type: fakeapi.gadget
                name: g1
                widget: w1
                color: red
            """;
    private static final String SMALLER = """
            stack: fleet
            description: widgets and gadgets on the fake API
            resources:
              - type: fakeapi.widget
                name: w1
                size: 3
                secret: ${env:WIDGET_SECRET}
            """;

    @TempDir
    Path tmp;

    private final FakeClock clock = new FakeClock();
    private final FakeApiServer server = new FakeApiServer(clock, Duration.ofSeconds(20), Duration.ofSeconds(5));
    private final ConnectionProfile profile = new ConnectionProfile("fake", "fakeapi", Map.of());
    private Workbench wb;
    private ConfigRepository repo;

    @BeforeEach
    void open() throws Exception {
        FakeApiProvider fake = new FakeApiProvider(server, clock, Duration.ofMinutes(5), Duration.ofSeconds(1));
        wb = new Workbench(new AppHome(tmp.resolve("home")), new ProviderRegistry(List.of(new PostgresProvider(), fake)),
                Map.of("WIDGET_SECRET", SECRET), Duration.ofSeconds(5));
        repo = ConfigRepository.init(tmp.resolve("repo"));
    }

    @AfterEach
    void close() {
        repo.close();
    }

    private JsonNode journal(Workbench.ApplyOutcome out) throws Exception {
        String path = journalPath(out);
        return new ObjectMapper().readTree(Files.readString(repo.directory().resolve(path)));
    }

    private static String journalPath(Workbench.ApplyOutcome out) {
        return out.commit().files().stream().filter(f -> f.startsWith("journal/fleet/")).findFirst().orElseThrow();
    }

    @Test
    void planApplyJournalAndReplanThroughTheWorkbench() throws Exception {
        Plan reviewed = wb.plan(wb.stackReader().parse("stacks/fleet.yaml", YAML), profile, repo, Progress.NONE);
        assertThat(reviewed.toJson()).contains("${fakeapi.widget.w1.WidgetId}").contains("${env:WIDGET_SECRET}")
                .doesNotContain(SECRET);

        Workbench.ApplyOutcome out = wb.apply(wb.stackReader().parse("stacks/fleet.yaml", YAML), YAML, profile, repo,
                false, null, Progress.NONE, reviewed.sha256());

        assertThat(out.result().outcome()).as(String.valueOf(out.result().failure())).isEqualTo(Outcome.SUCCEEDED);
        assertThat(out.commit().trailers()).containsEntry("Applied", "yes");
        String widgetId = server.find("widget", "w1").id();
        assertThat(server.find("gadget", "g1").props()).containsEntry("WidgetId", widgetId);
        assertThat(server.count("DescribeWidget")).isGreaterThanOrEqualTo(4);

        JsonNode j = journal(out);
        assertThat(j.path("outcome").asText()).isEqualTo("succeeded");
        JsonNode st = j.path("statements");
        assertThat(st).hasSize(2);
        assertThat(st.get(0).path("system_id").asText()).matches("req-\\d+");
        assertThat(st.get(0).path("outputs").path("WidgetId").asText()).isEqualTo(widgetId);
        assertThat(st.get(0).path("statement").path("request").path("Secret").asText()).isEqualTo("${env:WIDGET_SECRET}");
        assertThat(st.get(1).path("statement").path("request").path("WidgetId").asText()).isEqualTo("${fakeapi.widget.w1.WidgetId}");
        assertThat(st.get(1).path("outputs").path("GadgetId").asText()).isEqualTo(server.find("gadget", "g1").id());
        assertThat(st.get(0).has("query_id")).isFalse();
        String journalText = Files.readString(repo.directory().resolve(journalPath(out)));
        assertThat(journalText).doesNotContain(SECRET);

        Plan again = wb.plan(wb.stackReader().parse("stacks/fleet.yaml", YAML), profile, repo, Progress.NONE);
        assertThat(again.actionable()).as(again.toText()).isEmpty();

        // the smaller stack drops the gadget by the id read live
        String gadgetId = server.find("gadget", "g1").id();
        Workbench.ApplyOutcome drop = wb.apply(wb.stackReader().parse("stacks/fleet.yaml", SMALLER), SMALLER, profile, repo,
                true, null, Progress.NONE);
        assertThat(drop.result().outcome()).as(String.valueOf(drop.result().failure())).isEqualTo(Outcome.SUCCEEDED);
        assertThat(server.find("gadget", "g1")).isNull();
        assertThat(journal(drop).path("statements").get(0).path("statement").path("request").path("GadgetId").asText())
                .isEqualTo(gadgetId);
        assertThat(wb.plan(wb.stackReader().parse("stacks/fleet.yaml", SMALLER), profile, repo, Progress.NONE).actionable()).isEmpty();
    }

    @Test
    void anObjectStillBeingCreatedIsAWarningNotAChange() throws Exception {
        // created behind mlpc's back, still Creating (the fake clock does not move): its size differs from the stack
        server.call("CreateWidget", Map.of("WidgetName", "w1", "Size", 7));
        assertThat(server.find("widget", "w1").status()).isEqualTo("Creating");

        Plan plan = wb.plan(wb.stackReader().parse("stacks/fleet.yaml", SMALLER), profile, repo, Progress.NONE);

        assertThat(plan.actionable()).as(plan.toText()).isEmpty();
        assertThat(plan.warnings()).anySatisfy(w -> {
            assertThat(w.rule()).isEqualTo("busy");
            assertThat(w.name()).isEqualTo("w1");
            assertThat(w.message()).contains("Creating");
        });
        assertThat(server.count("DescribeWidget")).isEqualTo(1);
    }
}
