package dev.mlpc.core.run;

import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Safety;
import dev.mlpc.core.plan.Statement;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.SecretRef;
import dev.mlpc.testing.fakeapi.FakeClock;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Outputs a system returns are recorded without any secret the apply resolved, however deep they sit. */
class PlanRunnerOutputsScrubTest {
    private static final String SECRET = "k3y-v4lue-n0t-f0r-journals";

    @Test
    void aSecretEchoedInsideNestedOutputsIsScrubbed() {
        Map<String, Object> request = Map.of("operation", "CreateThing", "request", Map.of("Key", "${env:THING_KEY}"));
        Statement st = Statement.withSecret(request, secrets -> Map.of("operation", "CreateThing",
                "request", Map.of("Key", secrets.resolve(SecretRef.parse("${env:THING_KEY}").orElseThrow()))));
        Change c = new Change(Action.CREATE, new ResourceKey("t.thing", "a"), Safety.SAFE, List.of(st), Set.of(), "");
        Plan plan = new Plan("s", "t", List.of(c), List.of(), false);
        StepExecutor echo = new StepExecutor() {
            @Override
            public StepResult execute(Step step, Object executable) {
                Map<String, Object> conn = new LinkedHashMap<>();
                conn.put("Url", "https://things.example/a?key=" + SECRET);
                conn.put("Keys", List.of(SECRET, "public"));
                return new StepResult.Done("req-1", Map.of("ThingId", "t-1", "Connection", conn));
            }
        };

        ApplyResult r = new PlanRunner(ref -> SECRET, new FakeClock()).run(plan, echo, Progress.NONE);

        assertThat(r.succeeded()).as(String.valueOf(r.failure())).isTrue();
        Map<String, Object> outputs = r.executed().get(0).outputs();
        assertThat(outputs).containsEntry("ThingId", "t-1");
        assertThat(String.valueOf(outputs)).doesNotContain(SECRET).contains("key=***").contains("public");
    }
}
