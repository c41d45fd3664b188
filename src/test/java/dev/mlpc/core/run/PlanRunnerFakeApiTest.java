package dev.mlpc.core.run;

import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Differ;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ApplyResult.Outcome;
import dev.mlpc.core.provider.ApplyResult.StatementOutcome;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.SecretResolver;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.testing.fakeapi.FakeApiProvider;
import dev.mlpc.testing.fakeapi.FakeApiServer;
import dev.mlpc.testing.fakeapi.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared plan runner with an API system whose operations run long: the fake API provider (test code) plans and
 * applies through {@link PlanRunner}; its server moves objects from Creating to Active on the test clock, which only
 * moves when the runner waits, so nothing here really sleeps.
 */
class PlanRunnerFakeApiTest {
    private final FakeClock clock = new FakeClock();
    private final FakeApiServer server = new FakeApiServer(clock, Duration.ofSeconds(30), Duration.ofSeconds(10));
    private final FakeApiProvider provider = new FakeApiProvider(server, clock, Duration.ofMinutes(5), Duration.ofSeconds(1));
    private final ProviderRegistry registry = new ProviderRegistry(List.of(provider));
    private final ConnectionProfile profile = new ConnectionProfile("fake", "fakeapi", Map.of());

    /** Progress that records statuses and cancels once {@code cancelWhen} holds. */
    private static final class Recording implements Progress {
        final List<String> statuses = Collections.synchronizedList(new ArrayList<>());
        final BooleanSupplier cancelWhen;

        Recording(BooleanSupplier cancelWhen) { this.cancelWhen = cancelWhen; }

        @Override public void status(String message) { statuses.add(message); }
        @Override public void worked(long done, long total) { }
        @Override public boolean cancelled() { return cancelWhen.getAsBoolean(); }
    }

    private static Stack stack(Resource... rs) { return new Stack("s", "", List.of(rs), "s.yaml"); }

    private static Resource widget(String name, long size) { return Resource.of(FakeApiProvider.WIDGET, name, Map.of("size", size)); }

    private static Resource gadget(String name, String widget, String color) {
        return Resource.of(FakeApiProvider.GADGET, name, Map.of("widget", widget, "color", color));
    }

    private Plan plan(Stack desired, Stack previous) throws Exception {
        try (ProviderSession s = provider.connect(profile, SecretResolver.NONE, Duration.ofSeconds(5))) {
            List<Resource> managed = new ArrayList<>(desired.resources());
            if (previous != null) previous.resources().stream().filter(r -> !managed.contains(r)).forEach(managed::add);
            return new Differ(registry).diff(desired, previous, s.read(managed, Progress.NONE), provider.renderer());
        }
    }

    private ApplyResult apply(Plan plan, SecretResolver secrets, Progress progress) throws Exception {
        try (ProviderSession s = provider.connect(profile, secrets, Duration.ofSeconds(5))) {
            return s.apply(plan, progress);
        }
    }

    private List<String> operations() {
        return server.requests().stream().map(FakeApiServer.Request::operation).toList();
    }

    @Test
    void aCreateIsPolledWhileInProgressUntilDoneHonouringRetryAfter() throws Exception {
        Plan plan = plan(stack(widget("w1", 3)), null);
        int before = server.total();
        Recording progress = new Recording(() -> false);

        ApplyResult r = apply(plan, SecretResolver.NONE, progress);

        assertThat(r.outcome()).as(String.valueOf(r.failure())).isEqualTo(Outcome.SUCCEEDED);
        assertThat(r.trailer()).isEqualTo("yes");
        // accepted (Creating), then described every Retry-After (10 s) until Active after 30 s
        assertThat(operations().subList(before, server.total()))
                .containsExactly("CreateWidget", "DescribeWidget", "DescribeWidget", "DescribeWidget");
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10));
        assertThat(progress.statuses).contains("create fakeapi.widget w1", "create fakeapi.widget w1: Creating (poll 1)",
                "create fakeapi.widget w1: Creating (poll 3)");
        ApplyResult.Executed e = r.executed().get(0);
        assertThat(e.outcome()).isEqualTo(StatementOutcome.OK);
        assertThat(e.systemId()).isEqualTo("req-" + (before + 1));
        assertThat(e.outputs()).containsExactly(Map.entry("WidgetId", server.find("widget", "w1").id()));
        assertThat(e.millis()).isEqualTo(30_000);
        assertThat(server.find("widget", "w1").status()).isEqualTo("Active");
        // the re-plan sees it as it is
        assertThat(plan(stack(widget("w1", 3)), null).actionable()).isEmpty();
    }

    /**
     * Issue 13, item 3: the runner tells the progress each statement's index right before it goes to the system and
     * when it came back; when that hook refuses (the write-ahead journal cannot record the intent), the statement
     * does not run.
     */
    @Test
    void eachStatementIsAnnouncedBeforeItRunsAndARefusalStopsBeforeIt() throws Exception {
        Plan plan = plan(stack(widget("w1", 3), widget("w2", 4)), null);
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        Progress recording = new Progress() {
            @Override public void status(String message) { }
            @Override public void worked(long done, long total) { }
            @Override public boolean cancelled() { return false; }
            @Override public void statementStarting(int index, int total) {
                events.add("start " + index + "/" + total + " after " + server.total() + " requests");
                if (index == 1) throw new IllegalStateException("disk full");
            }
            @Override public void statementReturned(int index) { events.add("returned " + index); }
        };
        int before = server.total();
        ApplyResult r = apply(plan, SecretResolver.NONE, recording);

        assertThat(events).containsExactly("start 0/2 after " + before + " requests", "returned 0",
                "start 1/2 after " + (before + 4) + " requests");
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.failure()).contains("fakeapi.widget w2: the apply stopped before this statement: disk full");
        assertThat(r.executed().get(1).outcome()).isEqualTo(StatementOutcome.NOT_RUN);
        assertThat(server.find("widget", "w2")).as("never sent").isNull();
    }

    @Test
    void withoutRetryAfterThePollIntervalBacksOff() throws Exception {
        server.retryAfter(null);
        ApplyResult r = apply(plan(stack(widget("w1", 3)), null), SecretResolver.NONE, Progress.NONE);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        // 1 s growing by half: 1 + 1.5 + 2.25 + 3.375 + 5.0625 + 7.59375 + 11.390625 = 32.17 s >= 30 s
        assertThat(clock.sleeps()).startsWith(Duration.ofSeconds(1), Duration.ofMillis(1500), Duration.ofMillis(2250),
                Duration.ofMillis(3375)).hasSize(7);
    }

    @Test
    void anOutputOfAnEarlierStatementIsBoundIntoALaterOneAndShownAsAPlaceholder() throws Exception {
        Plan plan = plan(stack(widget("w1", 3), gadget("g1", "w1", "red")), null);
        Object display = plan.actionable().get(1).statements().get(0).display();
        assertThat(display.toString()).contains("WidgetId=${fakeapi.widget.w1.WidgetId}");
        assertThat(plan.toJson()).contains("${fakeapi.widget.w1.WidgetId}");

        ApplyResult r = apply(plan, SecretResolver.NONE, Progress.NONE);

        assertThat(r.outcome()).as(String.valueOf(r.failure())).isEqualTo(Outcome.SUCCEEDED);
        String widgetId = server.find("widget", "w1").id();
        FakeApiServer.Request create = server.requests().stream().filter(q -> q.operation().equals("CreateGadget")).findFirst().orElseThrow();
        assertThat(create.request()).containsEntry("WidgetId", widgetId);
        assertThat(server.find("gadget", "g1").props()).containsEntry("WidgetId", widgetId);
        // what the journal records: the placeholder, and the outputs each step returned
        assertThat(r.executed().get(1).statement().toString()).contains("${fakeapi.widget.w1.WidgetId}").doesNotContain(widgetId);
        assertThat(r.executed().get(0).outputs()).containsEntry("WidgetId", widgetId);
        assertThat(r.executed().get(1).outputs()).containsEntry("GadgetId", server.find("gadget", "g1").id());
        assertThat(plan(stack(widget("w1", 3), gadget("g1", "w1", "red")), null).actionable()).isEmpty();
    }

    @Test
    void anOutputOfAnObjectCreatedEarlierIsFoundLive() throws Exception {
        FakeApiServer.Obj w = server.seed("widget", "w1", Map.of("Size", 3L));
        ApplyResult r = apply(plan(stack(widget("w1", 3), gadget("g1", "w1", "red")), null), SecretResolver.NONE, Progress.NONE);

        assertThat(r.outcome()).as(String.valueOf(r.failure())).isEqualTo(Outcome.SUCCEEDED);
        assertThat(server.find("gadget", "g1").props()).containsEntry("WidgetId", w.id());
    }

    @Test
    void aMissingOutputStopsTheApplyBeforeTheStatement() throws Exception {
        Plan plan = plan(stack(widget("w1", 3), gadget("g1", "ghost", "red")), null);

        ApplyResult r = apply(plan, SecretResolver.NONE, Progress.NONE);

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.failure()).isEqualTo("fakeapi.gadget g1: ${fakeapi.widget.ghost.WidgetId}: no earlier statement returned"
                + " output WidgetId of fakeapi.widget ghost; stopped before this statement");
        assertThat(r.executed()).extracting(ApplyResult.Executed::outcome).containsExactly(StatementOutcome.OK, StatementOutcome.FAILED);
        assertThat(server.count("CreateGadget")).isZero();
        assertThat(r.trailer()).isEqualTo("failed (1/2 statements committed)");
    }

    @Test
    void aStepPastItsDeadlineTimesOutAndLaterStepsDoNotRun() throws Exception {
        server.transition(Duration.ofMinutes(10));
        Plan plan = plan(stack(widget("w1", 3), widget("w2", 4), widget("w3", 5)), null);

        ApplyResult r = apply(plan, SecretResolver.NONE, Progress.NONE);

        assertThat(r.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(r.executed()).extracting(ApplyResult.Executed::outcome)
                .containsExactly(StatementOutcome.TIMED_OUT, StatementOutcome.NOT_RUN, StatementOutcome.NOT_RUN);
        assertThat(r.failure()).startsWith("fakeapi.widget w1: still running after 300 s (Creating), past the step's deadline of 300 s")
                .endsWith("its end is unknown");
        assertThat(r.trailer()).isEqualTo("timed out (0/3 statements committed)");
        assertThat(r.executed().get(0).systemId()).isNotNull();
        assertThat(clock.sleeps().stream().mapToLong(Duration::toMillis).sum()).isEqualTo(300_000);
        assertThat(server.count("CreateWidget")).isEqualTo(1);
        assertThat(server.find("widget", "w2")).isNull();
    }

    @Test
    void aCancelWhilePollingLeavesTheStepInProgressAndStops() throws Exception {
        Plan plan = plan(stack(widget("w1", 3), widget("w2", 4)), null);
        Recording progress = new Recording(() -> server.count("DescribeWidget") >= 2);

        ApplyResult r = apply(plan, SecretResolver.NONE, progress);

        assertThat(r.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(r.failure()).isEqualTo("cancelled by the user while fakeapi.widget w1 was still running (its end is unknown)");
        assertThat(r.executed()).extracting(ApplyResult.Executed::outcome)
                .containsExactly(StatementOutcome.IN_PROGRESS, StatementOutcome.NOT_RUN);
        assertThat(r.executed().get(0).error()).contains("its end is unknown");
        // no request after the cancel: two polls, no third, nothing for w2
        assertThat(server.count("DescribeWidget")).isEqualTo(2);
        assertThat(server.count("CreateWidget")).isEqualTo(1);
        assertThat(r.trailer()).isEqualTo("cancelled (0/2 statements committed)");
    }

    @Test
    void aDropUsesTheIdReadLive() throws Exception {
        Stack both = stack(widget("w1", 3), gadget("g1", "w1", "red"));
        assertThat(apply(plan(both, null), SecretResolver.NONE, Progress.NONE).succeeded()).isTrue();
        String widgetId = server.find("widget", "w1").id();
        String gadgetId = server.find("gadget", "g1").id();

        Plan drop = plan(stack(), both);

        assertThat(drop.actionable()).extracting(Change::action).containsExactly(Action.DROP, Action.DROP);
        assertThat(drop.actionable()).extracting(c -> c.statements().get(0).display())
                .containsExactly(Map.of("operation", "DeleteGadget", "request", Map.of("GadgetId", gadgetId)),
                        Map.of("operation", "DeleteWidget", "request", Map.of("WidgetId", widgetId)));
        ApplyResult r = apply(drop, SecretResolver.NONE, Progress.NONE);
        assertThat(r.outcome()).as(String.valueOf(r.failure())).isEqualTo(Outcome.SUCCEEDED);
        assertThat(server.find("gadget", "g1")).isNull();
        assertThat(server.find("widget", "w1")).isNull();
        assertThat(server.requests().stream().filter(q -> q.operation().equals("DeleteWidget")).findFirst().orElseThrow().request())
                .containsExactly(Map.entry("WidgetId", widgetId));
        // offline, the drop names the id by placeholder, found at apply time
        assertThat(provider.renderer().drop(widget("w1", 3)).get(0).display().toString())
                .contains("${fakeapi.widget.w1.WidgetId}");
    }

    @Test
    void aSecretEchoedByTheSystemIsScrubbedFromErrors() throws Exception {
        String secret = "bad-hunter2-7f3a";
        Resource w = Resource.of(FakeApiProvider.WIDGET, "w1", Map.of("size", 3L, "secret", "${env:WIDGET_SECRET}"));
        Plan plan = plan(stack(w), null);
        SecretResolver env = ref -> {
            if (ref.key().equals("WIDGET_SECRET")) return secret;
            throw new SecretResolver.SecretUnavailableException("no " + ref);
        };

        ApplyResult r = apply(plan, env, Progress.NONE);

        assertThat(server.requests().get(server.total() - 1).request()).containsEntry("Secret", secret);
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.failure()).contains("ValidationException: Secret '***' is too weak").doesNotContain(secret);
        assertThat(r.executed().get(0).error()).doesNotContain(secret).contains("***");
        assertThat(r.executed().get(0).statement().toString()).contains("${env:WIDGET_SECRET}").doesNotContain(secret);
        assertThat(r.executed().get(0).systemId()).isNotNull();
    }

    @Test
    void aMissingSecretStopsTheApplyBeforeAnythingRuns() throws Exception {
        Resource w = Resource.of(FakeApiProvider.WIDGET, "w2", Map.of("size", 3L, "secret", "${env:NOT_SET}"));
        Plan plan = plan(stack(widget("w1", 3), w), null);
        int before = server.total();

        ApplyResult r = apply(plan, SecretResolver.NONE, Progress.NONE);

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.failure()).startsWith("fakeapi.widget w2: ").endsWith("; nothing was run");
        assertThat(server.total()).isEqualTo(before);
    }

    @Test
    void anInterruptWhileWaitingLeavesTheStepInProgressAndKeepsTheInterrupt() throws Exception {
        FakeApiServer real = new FakeApiServer(RunClock.SYSTEM, Duration.ofMinutes(1), Duration.ofSeconds(10));
        FakeApiProvider p = new FakeApiProvider(real, RunClock.SYSTEM, Duration.ofMinutes(5), Duration.ofSeconds(1));
        Plan plan = new Differ(new ProviderRegistry(List.of(p))).diff(stack(widget("w1", 3), widget("w2", 3)), null,
                p.connect(profile, SecretResolver.NONE, null).read(List.of(), Progress.NONE), p.renderer());
        ApplyResult r;
        boolean interrupted;
        try (ProviderSession s = p.connect(profile, SecretResolver.NONE, null)) {
            Thread.currentThread().interrupt();
            r = s.apply(plan, Progress.NONE);
        } finally {
            interrupted = Thread.interrupted();
        }

        assertThat(interrupted).isTrue();
        assertThat(r.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(r.failure()).isEqualTo("interrupted while fakeapi.widget w1 was still running (its end is unknown)");
        assertThat(r.executed()).extracting(ApplyResult.Executed::outcome)
                .containsExactly(StatementOutcome.IN_PROGRESS, StatementOutcome.NOT_RUN);
        assertThat(real.count("CreateWidget")).isEqualTo(1);
        assertThat(real.count("DescribeWidget")).isZero();
    }
}
