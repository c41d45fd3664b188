package dev.mlpc.ui.proposals;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.PlanWarning;
import dev.mlpc.core.plan.Safety;
import dev.mlpc.core.plan.Statement;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.ui.UiTestKit;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A proposal's committed plan JSON read back: the same JSON bytes (so the same hash) and the same text as the review. */
class ProposalPlanTest {
    @Test
    void examplePlansReadBackToTheSameJsonAndText() throws Exception {
        Path home = UiTestKit.tempHome();
        try {
            Workbench wb = UiTestKit.workbench(home);
            for (String example : List.of("model-registry.yaml", "sagemaker-governance-domain.yaml", "datashare-federated-learning.yaml")) {
                Stack s = wb.loadStack(Path.of("resources/examples", example));
                Plan p = wb.offlinePlan(s);
                Plan back = ProposalPlan.read(p.toJson(), p.provider());
                assertThat(back.toJson()).as(example).isEqualTo(p.toJson());
                assertThat(back.sha256()).as(example).isEqualTo(p.sha256());
                assertThat(back.toText().replace(" (offline: assuming nothing exists)", "")).as(example)
                        .isEqualTo(p.toText().replace(" (offline: assuming nothing exists)", ""));
                assertThat(back.summary()).isEqualTo(p.summary());
                assertThat(back.provider()).isEqualTo(p.provider());
            }
        } finally {
            UiTestKit.deleteTree(home);
        }
    }

    @Test
    void destructiveChangesTargetsAndWarningsSurvive() {
        Plan p = new Plan("s", "postgres", List.of(
                new Change(Action.DROP, new ResourceKey("postgres.schema", "old"), Safety.DESTRUCTIVE,
                        List.of(Statement.of("DROP SCHEMA \"old\"").in("appdb")), Set.of(), ""),
                new Change(Action.UPDATE, new ResourceKey("postgres.database", "appdb"), Safety.UNSAFE,
                        List.of(Statement.of("ALTER DATABASE appdb CONNECTION LIMIT 5")), Set.of("connection_limit"), ""),
                new Change(Action.CREATE, new ResourceKey("sagemaker.domain", "d"), Safety.SAFE,
                        List.of(Statement.of(Map.of("operation", "CreateDomain", "request", Map.of("DomainName", "d", "Count", 5)))),
                        Set.of(), "")),
                List.of(new PlanWarning("postgres.schema", "old", "drop", "drops a schema", "error"),
                        new PlanWarning("postgres.database", "appdb", "limit", "lowers a limit")), false);
        Plan back = ProposalPlan.read(p.toJson(), "postgres");
        assertThat(back.toJson()).isEqualTo(p.toJson());
        assertThat(back.destructive()).hasSize(1);
        assertThat(back.destructive().get(0).statements().get(0).target()).isEqualTo("appdb");
        assertThat(back.warnings()).extracting(PlanWarning::severity).containsExactly("error", null);
        assertThat(back.toText()).contains("[target: appdb]", "error: postgres.schema old: drops a schema [drop]");
    }

    @Test
    void brokenJsonIsNamed() {
        assertThatThrownBy(() -> ProposalPlan.read("{", "postgres")).hasMessageStartingWith("the plan JSON cannot be read");
        assertThatThrownBy(() -> ProposalPlan.read("{\"stack\":\"s\",\"changes\":[{\"action\":\"explode\",\"type\":\"t\","
                + "\"name\":\"n\",\"safety\":\"safe\",\"statements\":[]}]}", "postgres"))
                .hasMessage("the plan JSON's changes[0].action 'explode' is not an action");
        assertThatThrownBy(() -> ProposalPlan.read("", "postgres")).hasMessage("the proposal has no plan JSON");
        assertThatThrownBy(() -> ProposalPlan.read("{\"changes\":[]}", "postgres")).hasMessage("the plan JSON has no text at stack");
    }
}
