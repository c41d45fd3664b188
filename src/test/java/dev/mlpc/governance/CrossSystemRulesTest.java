package dev.mlpc.governance;

import dev.mlpc.lineage.EdgeSource;
import dev.mlpc.lineage.LineageEdge;
import dev.mlpc.lineage.LineageGraph;
import dev.mlpc.lineage.LineageNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The five cross-system rules over hand-built lineage graphs spanning Snowflake, S3, Azure storage, Data Share,
 * SageMaker and the registry: each a case that breaks it (the finding names the node ids) and one that does not.
 */
class CrossSystemRulesTest {
    private final Governance governance = Governance.standard();

    /** A graph under construction. */
    static final class G {
        final List<LineageNode> nodes = new ArrayList<>();
        final List<LineageEdge> edges = new ArrayList<>();

        G node(String id, String system, String kind, String stack, String... attrs) {
            return node(id, system, kind, stack, true, attrs);
        }

        G node(String id, String system, String kind, String stack, boolean known, String... attrs) {
            Map<String, String> a = new LinkedHashMap<>();
            for (int i = 0; i < attrs.length; i += 2) a.put(attrs[i], attrs[i + 1]);
            nodes.add(new LineageNode(id, system, kind, id.substring(id.lastIndexOf(':') + 1), stack, null, known, a));
            return this;
        }

        G edge(String from, String to, String relation) {
            return edge(from, to, relation, EdgeSource.STACK);
        }

        G edge(String from, String to, String relation, EdgeSource source) {
            edges.add(new LineageEdge(from, to, relation, source, "test"));
            return this;
        }

        LineageGraph graph() {
            return new LineageGraph(nodes, edges);
        }
    }

    static final String ORG = """
            organisation:
              tenants: [11111111-1111-1111-1111-111111111111]
              email_domains: [example.com]
            """;

    List<Finding> findings(String rule, G g, String yaml) throws Exception {
        GovernanceConfig c = governance.parse("governance.yaml", yaml);
        return governance.evaluate(new Estate(List.of(), g.graph()), c).stream().filter(f -> f.rule().equals(rule)).toList();
    }

    /** Azure storage → dataset → share → invitation → consumer, with the consumer's tenant and e-mail. */
    static G shared(String storageStack, String classification, String email, String tenant) {
        G g = new G();
        if (classification == null) {
            g.node("azure-storage:acct/shared/sales", "azure-storage", "location", storageStack, "url",
                    "https://acct.blob.core.windows.net/shared/sales");
        } else {
            g.node("azure-storage:acct/shared/sales", "azure-storage", "location", storageStack, "url",
                    "https://acct.blob.core.windows.net/shared/sales", "data-classification", classification);
        }
        // storage nobody declares: the share was made outside any stack (read live)
        String shares = storageStack == null ? null : "shares";
        return g.node("datashare:acct1/share1/ds1", "datashare", "dataset", shares)
                .node("datashare:acct1/share1", "datashare", "share", shares)
                .node("datashare:acct1/share1/inv1", "datashare", "invitation", "shares", "email", email)
                .node("consumer:" + tenant, "consumer", "consumer", null, "tenant", tenant, "email", email)
                .edge("azure-storage:acct/shared/sales", "datashare:acct1/share1/ds1", "storage",
                        shares == null ? EdgeSource.LIVE : EdgeSource.STACK)
                .edge("datashare:acct1/share1/ds1", "datashare:acct1/share1", "in-share")
                .edge("datashare:acct1/share1", "datashare:acct1/share1/inv1", "invites")
                .edge("datashare:acct1/share1/inv1", "consumer:" + tenant, "consumer");
    }

    @Test
    void dataSharedOutsideTheOrganisationNeedsManagedStorageAndASharableClassification() throws Exception {
        String rule = CrossSystemRules.DATASHARE_OUTSIDE_ORGANISATION;
        List<Finding> internal = findings(rule, shared("storage", "internal", "ann@partner.org", "22222222-2222-2222-2222-222222222222"), ORG);
        assertThat(internal).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo("datashare.dataset");
            assertThat(f.nodes()).containsExactly("datashare:acct1/share1/ds1", "azure-storage:acct/shared/sales",
                    "datashare:acct1/share1", "consumer:22222222-2222-2222-2222-222222222222");
            assertThat(f.message()).contains("classified internal (sharable: public)")
                    .contains("(nodes: datashare:acct1/share1/ds1, azure-storage:acct/shared/sales");
        });
        List<Finding> unmanaged = findings(rule, shared(null, "public", "ann@partner.org", "t2"), ORG);
        assertThat(unmanaged).singleElement().satisfies(f -> assertThat(f.message()).contains("managed by no stack")
                .doesNotContain("classified"));
        List<Finding> untagged = findings(rule, shared("storage", null, "ann@partner.org", "t2"), ORG);
        assertThat(untagged).singleElement().satisfies(f -> assertThat(f.message()).contains("no data-classification"));

        // negative: public data from managed storage; the same internal data with a consumer inside the organisation
        assertThat(findings(rule, shared("storage", "public", "ann@partner.org", "t2"), ORG)).isEmpty();
        assertThat(findings(rule, shared("storage", "internal", "bob@example.com",
                "11111111-1111-1111-1111-111111111111"), ORG)).isEmpty();
        // storage without tags takes its classification from the prefix mapping (the longest prefix wins)
        assertThat(findings(rule, shared("storage", null, "ann@partner.org", "t2"), ORG + """
                rules:
                  datashare-outside-organisation:
                    classifications:
                      "https://acct.blob.core.windows.net/": internal
                      "https://acct.blob.core.windows.net/shared/": public
                """)).isEmpty();
        assertThat(findings(rule, shared("storage", "internal", "ann@partner.org", "t2"), ORG + """
                rules:
                  datashare-outside-organisation:
                    sharable_classifications: [public, internal]
                """)).isEmpty();
    }

    static G production(String stage, String aliases, String tableStack, boolean locationKnown) {
        G g = new G()
                .node("s3:ml-raw/events/", "s3", "location", null, locationKnown, "url", "s3://ml-raw/events/")
                .node("snowflake:stage:ML.RAW.EVENTS", "snowflake", "stage", "sf-data")
                .node("snowflake:table:ML.RAW.EVENTS", "snowflake", "table", tableStack)
                .node("registry:churn/3", "registry", "version", null, "stage", stage, "aliases", aliases)
                .node("registry:churn", "registry", "model", null)
                .node("deployment:churn-prod", "deployment", "deployment", null)
                .edge("s3:ml-raw/events/", "snowflake:stage:ML.RAW.EVENTS", "url")
                .edge("snowflake:stage:ML.RAW.EVENTS", "snowflake:table:ML.RAW.EVENTS", "loads")
                .edge("snowflake:table:ML.RAW.EVENTS", "registry:churn/3", "input")
                .edge("registry:churn/3", "registry:churn", "version-of")
                .edge("registry:churn/3", "deployment:churn-prod", "deployment");
        return g;
    }

    @Test
    void aProductionOrChampionVersionTracesEveryInputToGovernedData() throws Exception {
        String rule = CrossSystemRules.PRODUCTION_LINEAGE_GOVERNED;
        assertThat(findings(rule, production("Production", "", null, true), "")).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo("registry.version");
            assertThat(f.nodes()).containsExactly("registry:churn/3", "snowflake:table:ML.RAW.EVENTS");
            assertThat(f.message()).contains("stage Production").contains("EVENTS (managed by no stack)");
        });
        assertThat(findings(rule, production("None", "challenger,champion", "sf-data", false), ""))
                .singleElement().satisfies(f -> {
                    assertThat(f.nodes()).containsExactly("registry:churn/3", "s3:ml-raw/events/");
                    assertThat(f.message()).contains("alias champion").contains("(unknown link)");
                });
        G none = new G().node("registry:m/1", "registry", "version", null, "stage", "production");
        assertThat(findings(rule, none, "")).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("records no inputs"));

        // a location only the registry names is not governed: no stack declares it
        G registryOnly = production("Production", "", "sf-data", true)
                .node("s3:ml-features/2026/", "s3", "location", null, "url", "s3://ml-features/2026/")
                .edge("s3:ml-features/2026/", "registry:churn/3", "input", EdgeSource.REGISTRY);
        assertThat(findings(rule, registryOnly, "")).singleElement().satisfies(f -> assertThat(f.message())
                .contains("ml-features/2026/ (managed by no stack)").doesNotContain("ml-raw"));

        // negative: everything upstream is managed and known (the location through the stage that declares it);
        // a Staging version may read anything
        assertThat(findings(rule, production("Production", "champion", "sf-data", true), "")).isEmpty();
        assertThat(findings(rule, production("Staging", "challenger", null, false), "")).isEmpty();
    }

    static G domainAndShare(String outputUrl) {
        return new G()
                .node("sagemaker:domain:d-1", "sagemaker", "domain", "ml")
                .node("s3:" + outputUrl, "s3", "location", null, "url", outputUrl)
                .node("s3:ml-out/", "s3", "location", "aws-data", "url", "s3://ml-out/")
                .node("datashare:a/s/ds", "datashare", "dataset", "shares")
                .node("datashare:a/s", "datashare", "share", "shares")
                .edge("sagemaker:domain:d-1", "s3:" + outputUrl, "output")
                .edge("s3:ml-out/", "datashare:a/s/ds", "storage")
                .edge("datashare:a/s/ds", "datashare:a/s", "in-share");
    }

    @Test
    void aDomainsOutputPathIsNotADataShareSource() throws Exception {
        String rule = CrossSystemRules.DOMAIN_OUTPUT_SHARED;
        assertThat(findings(rule, domainAndShare("s3://ml-out/team-a/notebooks"), "")).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo("sagemaker.domain");
            assertThat(f.nodes()).containsExactly("sagemaker:domain:d-1", "s3:s3://ml-out/team-a/notebooks", "s3:ml-out/",
                    "datashare:a/s/ds", "datashare:a/s");
            assertThat(f.message()).contains("writes to s3://ml-out/team-a/notebooks, which overlaps s3://ml-out/");
        });
        // negative: another bucket, and a bucket whose name merely starts the same way
        assertThat(findings(rule, domainAndShare("s3://ml-outputs/team-a"), "")).isEmpty();
        assertThat(findings(rule, domainAndShare("s3://ml-notebooks/"), "")).isEmpty();
    }

    static G externalFunction(String declared, String endpoint) {
        return new G()
                .node("snowflake:function:ML.PUBLIC.SCORE", "snowflake", "external_function", "sf-ml")
                .node("snowflake:integration:SCORING_API", "snowflake", "integration", "sf-ml", "allowed-prefixes", declared)
                .node("http:" + endpoint, "http", "endpoint", null, "url", endpoint)
                .edge("snowflake:function:ML.PUBLIC.SCORE", "snowflake:integration:SCORING_API", "via-integration")
                .edge("snowflake:integration:SCORING_API", "http:" + endpoint, "reaches");
    }

    @Test
    void anExternalFunctionsIntegrationReachesOnlyAllowedPrefixes() throws Exception {
        String rule = CrossSystemRules.EXTERNAL_FUNCTION_PREFIXES;
        String allowed = "rules:\n  external-function-prefixes:\n    allowed_prefixes: [\"https://abc.execute-api.eu-west-1.amazonaws.com/prod/\"]\n";
        G bad = externalFunction("https://abc.execute-api.eu-west-1.amazonaws.com/prod/\nhttps://collector.example.net/",
                "https://collector.example.net/");
        assertThat(findings(rule, bad, allowed)).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo("snowflake.external_function");
            assertThat(f.nodes()).containsExactly("snowflake:function:ML.PUBLIC.SCORE", "snowflake:integration:SCORING_API",
                    "http:https://collector.example.net/");
            assertThat(f.message()).contains("reaches https://collector.example.net/ (allowed: https://abc.");
        });
        // negative: inside the allowed prefix; and no allowed_prefixes set: the rule checks nothing
        G good = externalFunction("https://abc.execute-api.eu-west-1.amazonaws.com/prod/",
                "https://abc.execute-api.eu-west-1.amazonaws.com/prod/score");
        assertThat(findings(rule, good, allowed)).isEmpty();
        assertThat(findings(rule, bad, "")).isEmpty();
    }

    @Test
    void restrictedDataDoesNotFlowToAConsumerOutsideTheTenant() throws Exception {
        String rule = CrossSystemRules.RESTRICTED_OUTSIDE_TENANT;
        G g = shared("storage", "restricted", "ann@partner.org", "22222222-2222-2222-2222-222222222222");
        assertThat(findings(rule, g, ORG)).as("one finding for the person (the consumer, not also its invitation)")
                .singleElement().satisfies(f -> {
                    assertThat(f.type()).isEqualTo("consumer.consumer");
                    assertThat(f.nodes()).containsExactly("consumer:22222222-2222-2222-2222-222222222222",
                            "azure-storage:acct/shared/sales");
                    assertThat(f.message()).contains("sales (restricted)");
                });
        // restricted by the prefix mapping, untagged
        assertThat(findings(rule, shared("storage", null, "ann@partner.org", "t2"), ORG
                + "rules:\n  restricted-outside-tenant:\n    classifications:\n      \"https://acct.blob.core.windows.net/shared/\": Restricted\n"))
                .hasSize(1);
        // negative: a consumer in the tenant; data that is not restricted
        assertThat(findings(rule, shared("storage", "restricted", "bob@partner.org",
                "11111111-1111-1111-1111-111111111111"), ORG)).isEmpty();
        assertThat(findings(rule, shared("storage", "internal", "ann@partner.org", "t2"), ORG)).isEmpty();
    }

    @Test
    void theOrganisationAndMappingSettingsAreValidatedByLineAndColumn() throws Exception {
        GovernanceConfig c = governance.parse("governance.yaml", ORG);
        assertThat(c.organisation().tenants()).containsExactly("11111111-1111-1111-1111-111111111111");
        assertThat(c.organisation().emailDomains()).containsExactly("example.com");
        assertThat(governance.defaults().organisation().isEmpty()).isTrue();
        assertThatThrownBy(() -> governance.parse("governance.yaml", """
                organisation:
                  email_domains: [not a domain]
                  tenant: [x]
                rules:
                  datashare-outside-organisation:
                    classifications: [public]
                  restricted-outside-tenant:
                    classifications:
                      "s3://x/": ""
                """)).isInstanceOfSatisfying(GovernanceException.class, e -> assertThat(e.problems())
                .extracting(p -> p.format()).containsExactly(
                        "governance.yaml:2:19: organisation.email_domains[0]: 'not a domain' is not an e-mail domain (e.g. example.com)",
                        "governance.yaml:3:3: organisation.tenant: unknown field of organisation (expected tenants, email_domains)",
                        "governance.yaml:6:22: rules.datashare-outside-organisation.classifications: must be a mapping,"
                                + " e.g. {\"s3://bucket/\": public} (location prefix → data classification, for storage"
                                + " without a data-classification tag (the longest matching prefix wins), e.g."
                                + " {\"s3://ml-public/\": public})",
                        "governance.yaml:9:18: rules.restricted-outside-tenant.classifications.s3://x/: must be non-empty text"));
    }
}
