package dev.mlpc.governance;

import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.PlanWarning;
import dev.mlpc.core.plan.Safety;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.lineage.LineageGraph;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plan's share of the estate's governance over hand-built graphs: the cross-system findings touching what it changes
 * (and no others), and the impact of a drop listed as an {@code impact} warning that is part of the plan hash.
 */
class PlanFindingsTest {
    private final Governance governance = Governance.standard();

    static Plan plan(String stack, Action action, String type, String name) {
        Change c = new Change(action, new ResourceKey(type, name), action == Action.DROP ? Safety.DESTRUCTIVE : Safety.SAFE,
                List.of(), Set.of(), "");
        return new Plan(stack, "snowflake", List.of(c), List.of(), true);
    }

    /** A managed table read by a Production version with a deployment, and an unrelated unmanaged input elsewhere. */
    static LineageGraph estate(boolean withTable) {
        CrossSystemRulesTest.G g = new CrossSystemRulesTest.G();
        if (withTable) {
            g.node("snowflake:table:ML.RAW.EVENTS", "snowflake", "table", "sf-data", "type", "snowflake.table",
                    "name", "events");
        } else {
            g.node("snowflake:table:ML.RAW.EVENTS", "unknown", "unknown", null, false);
        }
        g.node("registry:churn/3", "registry", "version", null, "stage", "Production", "aliases", "champion")
                .node("registry:churn", "registry", "model", null)
                .node("deployment:churn-prod", "deployment", "deployment", null)
                .node("registry:fraud/1", "registry", "version", null, "stage", "Production")
                .node("s3:scratch/", "s3", "location", null, "url", "s3://scratch/")
                .edge("snowflake:table:ML.RAW.EVENTS", "registry:churn/3", "input")
                .edge("registry:churn/3", "registry:churn", "version-of")
                .edge("registry:churn/3", "deployment:churn-prod", "deployment")
                .edge("s3:scratch/", "registry:fraud/1", "input");
        return g.graph();
    }

    @Test
    void aDropOfATableAProductionVersionReadsListsItsDependentsAsAnImpactWarning() {
        Plan drop = plan("sf-data", Action.DROP, "snowflake.table", "events");
        PlanGraphs graphs = new PlanGraphs(estate(true), estate(false));
        Plan annotated = governance.annotate(drop, new Stack("sf-data", "", List.of(), "stacks/sf-data.yaml"),
                governance.defaults(), graphs);
        List<PlanWarning> impact = annotated.warnings().stream().filter(w -> w.rule().equals(PlanFindings.IMPACT)).toList();
        assertThat(impact).singleElement().satisfies(w -> {
            assertThat(w.type()).isEqualTo("snowflake.table");
            assertThat(w.name()).isEqualTo("events");
            assertThat(w.severity()).as("informs, never blocks").isNull();
            assertThat(w.message()).isEqualTo("dropping it affects 3 dependents downstream: version churn/3 (stage"
                    + " Production, aliases champion), model churn, deployment churn-prod (nodes:"
                    + " snowflake:table:ML.RAW.EVENTS, registry:churn/3, registry:churn, deployment:churn-prod)");
        });
        // the version then reads an unknown link: that finding touches the drop (downstream of it) and is shown;
        // the other Production version's ungoverned input is not about this plan and is not
        assertThat(annotated.warnings()).extracting(PlanWarning::rule)
                .containsExactly(CrossSystemRules.PRODUCTION_LINEAGE_GOVERNED, PlanFindings.IMPACT);
        assertThat(annotated.warnings().get(0).message()).contains("registry:churn/3").doesNotContain("fraud");
        assertThat(annotated.toJson()).contains("\"rule\" : \"impact\"");
        // the hash covers them: the same plan without the estate's graphs hashes differently
        assertThat(annotated.sha256()).isNotEqualTo(governance.annotate(drop, new Stack("sf-data", "", List.of(),
                "stacks/sf-data.yaml"), governance.defaults()).sha256());
    }

    @Test
    void onlyFindingsTouchingThePlannedStackOrWhatItChangesAreShown() {
        // both Production versions read ungoverned data; a plan of another stack that changes nothing upstream of them
        LineageGraph g = estate(false);
        Plan other = plan("sf-other", Action.CREATE, "snowflake.table", "other");
        Plan annotated = governance.annotate(other, new Stack("sf-other", "", List.of(), "stacks/sf-other.yaml"),
                governance.defaults(), new PlanGraphs(g, g));
        assertThat(annotated.warnings()).isEmpty();
        // the whole estate has both findings
        assertThat(governance.evaluate(new Estate(List.of(), g), governance.defaults()))
                .extracting(Finding::rule).containsExactly(CrossSystemRules.PRODUCTION_LINEAGE_GOVERNED,
                        CrossSystemRules.PRODUCTION_LINEAGE_GOVERNED);
        // a plan of the stack that manages a node of a finding shows it, although it does not change that node
        CrossSystemRulesTest.G share = CrossSystemRulesTest.shared("storage", "internal", "ann@partner.org", "t2");
        Plan shares = plan("shares", Action.UPDATE, "datashare.invitation", "unrelated");
        Plan withShare = governance.annotate(shares, new Stack("shares", "", List.of(), "stacks/shares.yaml"),
                governance.defaults(), new PlanGraphs(share.graph(), share.graph()));
        assertThat(withShare.warnings()).extracting(PlanWarning::rule)
                .containsExactly(CrossSystemRules.DATASHARE_OUTSIDE_ORGANISATION);
    }

    @Test
    void withdrawingAnInvitationListsItsConsumer() {
        CrossSystemRulesTest.G g = CrossSystemRulesTest.shared("storage", "public", "ann@partner.org", "t2");
        g.nodes.replaceAll(n -> n.kind().equals("invitation") ? new dev.mlpc.lineage.LineageNode(n.id(), n.system(),
                n.kind(), n.label(), n.stack(), null, true, java.util.Map.of("type", "datashare.invitation", "name", "inv1",
                "email", "ann@partner.org")) : n);
        Plan withdraw = plan("shares", Action.DROP, "datashare.invitation", "inv1");
        List<PlanWarning> impact = PlanFindings.impact(withdraw, new PlanGraphs(g.graph(), LineageGraph.empty()));
        assertThat(impact).singleElement().satisfies(w -> assertThat(w.message())
                .startsWith("dropping it affects 1 dependent downstream: consumer t2 (ann@partner.org)"));
        // nothing downstream that matters: no impact warning
        assertThat(PlanFindings.impact(plan("shares", Action.DROP, "datashare.share", "share1"),
                new PlanGraphs(LineageGraph.empty(), LineageGraph.empty()))).isEmpty();
    }
}
