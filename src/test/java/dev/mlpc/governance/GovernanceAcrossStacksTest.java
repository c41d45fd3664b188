package dev.mlpc.governance;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.PlanWarning;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackReader;
import dev.mlpc.lineage.EdgeSource;
import dev.mlpc.lineage.LineageBuilder;
import dev.mlpc.lineage.LineageEdge;
import dev.mlpc.lineage.LineageFixture;
import dev.mlpc.lineage.LineageGraph;
import dev.mlpc.lineage.LineageInputs;
import dev.mlpc.lineage.LineageNode;
import dev.mlpc.lineage.RegistryVersionLinks;
import dev.mlpc.registry.Lineage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cross-system rules over graphs the real {@link LineageBuilder} makes from the four-system fixture's stacks
 * (Snowflake, Data Share provider and consumer, SageMaker, PostgreSQL, read by the real StackReader) and registry
 * lineage: each rule a case that breaks it and one that does not; and a plan dropping a table a Production version reads.
 */
class GovernanceAcrossStacksTest {
    private final Governance governance = Governance.standard();
    private final StackReader reader = new StackReader(Workbench.standardProviders());

    List<Stack> stacks() throws Exception {
        return List.of(reader.parse("stacks/ml-snowflake.yaml", LineageFixture.SNOWFLAKE),
                reader.parse("stacks/fl-provider.yaml", LineageFixture.DS_PROVIDER),
                reader.parse("stacks/fl-consumer.yaml", LineageFixture.DS_CONSUMER),
                reader.parse("stacks/ml-studio.yaml", LineageFixture.SAGEMAKER),
                reader.parse("stacks/features-db.yaml", LineageFixture.POSTGRES));
    }

    static RegistryVersionLinks version(String model, int n, String stage, List<String> aliases, String... inputs) {
        List<Lineage> links = new ArrayList<>();
        for (String in : inputs) links.add(new Lineage("input", in.startsWith("s3://") ? "s3" : "snowflake.table", in));
        links.add(new Lineage("deployment", "sagemaker.endpoint",
                "arn:aws:sagemaker:us-east-1:123456789012:endpoint/" + model.toLowerCase() + "-prod"));
        return new RegistryVersionLinks(LineageFixture.REGISTRY, LineageFixture.REGISTRY, model, n, stage, aliases, links);
    }

    /** Churn 1 in Production reads the managed table (spelt another way) and, in the bad case, a table no stack has. */
    List<RegistryVersionLinks> registry(boolean ungoverned) {
        List<String> in = new ArrayList<>(List.of("sf-prod/ML_MODELS/public_data/TRAINING_RUNS"));
        if (ungoverned) in.add("sf-prod/ml_models/public_data/scratch_copy");
        return List.of(version("Churn", 1, "Production", List.of("champion"), in.toArray(String[]::new)),
                version("Churn", 2, "Staging", List.of(), "sf-prod/ml_models/public_data/another_scratch"));
    }

    LineageGraph graph(List<Stack> stacks, List<RegistryVersionLinks> registry) {
        return LineageBuilder.build(LineageInputs.of(stacks, registry));
    }

    List<Finding> findings(String rule, LineageGraph g, String yaml) throws Exception {
        GovernanceConfig c = governance.parse("governance.yaml", yaml);
        return governance.evaluate(new Estate(List.of(), g), c).stream().filter(f -> f.rule().equals(rule)).toList();
    }

    @Test
    void dataShareOutsideTheOrganisation() throws Exception {
        LineageGraph g = graph(stacks(), List.of());
        // the account is tagged confidential (inherited by the share and its dataset); the AAD invitee's tenant is not ours
        List<Finding> f = findings(CrossSystemRules.DATASHARE_OUTSIDE_ORGANISATION, g,
                "organisation:\n  email_domains: [example.com]\n");
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.type()).isEqualTo("datashare.dataset");
            assertThat(x.name()).isEqualTo("images");
            assertThat(x.nodes()).contains("datashare:dataset:fl-rg/fl-share-account/training-data/images",
                    "datashare:share:fl-rg/fl-share-account/training-data")
                    .anyMatch(id -> id.startsWith("consumer:aad:99999999-8888-7777-6666-555555555555"))
                    .noneMatch(id -> id.startsWith("consumer:email:"));
            assertThat(x.message()).contains("classified confidential (sharable: public)");
        });
        // negative: both consumers inside the organisation
        assertThat(findings(CrossSystemRules.DATASHARE_OUTSIDE_ORGANISATION, g, """
                organisation:
                  tenants: [99999999-8888-7777-6666-555555555555]
                  email_domains: [example.com]
                """)).isEmpty();
    }

    @Test
    void productionLineageGoverned() throws Exception {
        List<Finding> bad = findings(CrossSystemRules.PRODUCTION_LINEAGE_GOVERNED, graph(stacks(), registry(true)), "");
        assertThat(bad).singleElement().satisfies(x -> {
            assertThat(x.type()).isEqualTo("registry.version");
            assertThat(x.nodes().get(0)).isEqualTo("registry:version:pg-reg/churn/1");
            assertThat(x.nodes()).anyMatch(id -> id.contains("SCRATCH_COPY")).noneMatch(id -> id.contains("ANOTHER_SCRATCH"));
            assertThat(x.message()).contains("stage Production").contains("(unknown link)");
        });
        // negative: the managed table, its pipe, stage and the stage's location are all declared by a stack
        assertThat(findings(CrossSystemRules.PRODUCTION_LINEAGE_GOVERNED, graph(stacks(), registry(false)), "")).isEmpty();
    }

    @Test
    void domainOutputShared() throws Exception {
        LineageGraph g = graph(stacks(), List.of());
        // negative through the stacks: the domain writes to S3, the share's dataset reads Azure storage
        assertThat(findings(CrossSystemRules.DOMAIN_OUTPUT_SHARED, g, "")).isEmpty();
        // positive: a share (seen live, no stack) whose dataset reads the domain's notebook prefix
        String output = g.nodes().stream().filter(n -> n.kind().equals("location") && n.id().contains("notebooks"))
                .map(LineageNode::id).findFirst().orElseThrow();
        List<LineageNode> nodes = new ArrayList<>(g.nodes());
        nodes.add(new LineageNode("datashare:dataset:x/y/z/d", "datashare", "dataset", "d", null, null, true, Map.of()));
        nodes.add(new LineageNode("s3://ml-artifacts/notebooks", "s3", "location", "s3://ml-artifacts/notebooks", null,
                null, true, Map.of("url", "s3://ml-artifacts/notebooks")));
        List<LineageEdge> edges = new ArrayList<>(g.edges());
        edges.add(new LineageEdge("s3://ml-artifacts/notebooks", "datashare:dataset:x/y/z/d", "storage", EdgeSource.LIVE, "live"));
        LineageGraph shared = new LineageGraph(nodes, edges);
        assertThat(findings(CrossSystemRules.DOMAIN_OUTPUT_SHARED, shared, "")).isNotEmpty().allSatisfy(x -> {
            assertThat(x.type()).startsWith("sagemaker.");
            assertThat(x.nodes()).contains("datashare:dataset:x/y/z/d");
        }).anySatisfy(x -> assertThat(x.nodes()).contains(output));
    }

    @Test
    void externalFunctionPrefixes() throws Exception {
        LineageGraph g = graph(stacks(), List.of());
        String rule = CrossSystemRules.EXTERNAL_FUNCTION_PREFIXES;
        assertThat(findings(rule, g, "rules:\n  external-function-prefixes:\n    allowed_prefixes: [\"https://gw.example.com/api/2.0/\"]\n"))
                .singleElement().satisfies(x -> {
                    assertThat(x.type()).isEqualTo("snowflake.external_function");
                    assertThat(x.name()).isEqualTo("log_metric");
                    assertThat(x.nodes()).anyMatch(id -> id.startsWith("snowflake:integration:"));
                    assertThat(x.message()).containsIgnoringCase("reaches https://gw.example.com/api");
                });
        assertThat(findings(rule, g, "rules:\n  external-function-prefixes:\n    allowed_prefixes: [\"https://gw.example.com/api/\"]\n"))
                .isEmpty();
    }

    @Test
    void restrictedOutsideTenant() throws Exception {
        LineageGraph g = graph(stacks(), List.of());
        String rule = CrossSystemRules.RESTRICTED_OUTSIDE_TENANT;
        String restricted = "rules:\n  restricted-outside-tenant:\n    restricted_classifications: [confidential]\n";
        assertThat(findings(rule, g, "organisation:\n  email_domains: [example.com]\n" + restricted))
                .singleElement().satisfies(x -> {
                    assertThat(x.nodes().get(0)).startsWith("consumer:aad:99999999-8888-7777-6666-555555555555");
                    assertThat(x.message()).contains("(confidential)");
                });
        assertThat(findings(rule, g, "organisation:\n  tenants: [99999999-8888-7777-6666-555555555555]\n"
                + "  email_domains: [example.com]\n" + restricted)).isEmpty();
        assertThat(findings(rule, g, "organisation:\n  email_domains: [example.com]\n")).as("confidential is not restricted")
                .isEmpty();
    }

    @Test
    void aPlanDroppingATableAProductionVersionReadsListsTheVersionModelAndDeployment() throws Exception {
        List<Stack> before = stacks();
        Stack snowflake = before.get(0);
        // the table and the pipe that loads it removed from the stack: the plan drops both
        String yaml = LineageFixture.SNOWFLAKE.replaceAll("(?s)  - type: snowflake.table\n    name: training_runs.*?VARCHAR}\n", "")
                .replaceAll("(?s)  - type: snowflake.pipe\n.*?stage: raw_stage\n", "");
        Stack without = reader.parse("stacks/ml-snowflake.yaml", yaml);
        assertThat(without.resources()).noneMatch(r -> r.name().equals("training_runs"));
        List<Stack> after = new ArrayList<>(before);
        after.set(0, without);
        PlanGraphs graphs = new PlanGraphs(graph(before, registry(false)), graph(after, registry(false)));
        Plan plan = new Plan("ml-snowflake", "snowflake", List.of(
                PlanFindingsTest.plan("ml-snowflake", Action.DROP, "snowflake.pipe", "load_runs").changes().get(0),
                PlanFindingsTest.plan("ml-snowflake", Action.DROP, "snowflake.table", "training_runs").changes().get(0)),
                List.of(), false);
        Plan annotated = governance.annotate(plan, without, governance.defaults(), graphs);
        List<PlanWarning> impact = annotated.warnings().stream().filter(w -> w.rule().equals("impact")).toList();
        assertThat(impact).hasSize(2).allSatisfy(w -> assertThat(w.message())
                .contains("version Churn v1 (stage Production, aliases champion)")
                .contains("model Churn").contains("deployment ").contains("registry:version:pg-reg/churn/1"));
        assertThat(impact.get(1).name()).isEqualTo("training_runs");
        // after the drop Churn 1 reads a table nobody declares: that finding touches the plan and is shown too
        assertThat(annotated.warnings()).extracting(PlanWarning::rule).contains(CrossSystemRules.PRODUCTION_LINEAGE_GOVERNED);
        // the sagemaker and data share stacks' own findings are not about this plan
        assertThat(annotated.warnings()).extracting(PlanWarning::rule).doesNotContain(
                CrossSystemRules.DATASHARE_OUTSIDE_ORGANISATION, "domain-without-cmk");
    }
}
