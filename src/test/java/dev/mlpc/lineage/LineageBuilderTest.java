package dev.mlpc.lineage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The four-system fixture's graph, edge by edge: stacks through the real StackReader, lineage from a real registry. */
class LineageBuilderTest {
    static LineageFixture fixture;
    static LineageGraph graph;

    static final String TABLE = "snowflake:table:sf-prod/ML_MODELS.PUBLIC_DATA.TRAINING_RUNS";
    static final String MIXED = "snowflake:table:sf-prod/ML_MODELS.PUBLIC_DATA.\"Mixed Case\"";
    static final String MISSING_TABLE = "snowflake:table:sf-prod/ML_MODELS.PUBLIC_DATA.DOES_NOT_EXIST";
    static final String RAW_STAGE = "snowflake:stage:sf-prod/ML_MODELS.PUBLIC_DATA.RAW_STAGE";
    static final String AZ_STAGE = "snowflake:stage:sf-prod/ML_MODELS.PUBLIC_DATA.AZ_STAGE";
    static final String PIPE = "snowflake:pipe:sf-prod/ML_MODELS.PUBLIC_DATA.LOAD_RUNS";
    static final String STORAGE_INT = "snowflake:integration:sf-prod/ARTIFACTS";
    static final String API_INT = "snowflake:integration:sf-prod/MLFLOW_API";
    static final String FUNCTION = "snowflake:external_function:sf-prod/ML_MODELS.PUBLIC_DATA.LOG_METRIC";
    static final String ACCOUNT = "datashare:account:fl-rg/fl-share-account";
    static final String SHARE = "datashare:share:fl-rg/fl-share-account/training-data";
    static final String DATASET = "datashare:dataset:fl-rg/fl-share-account/training-data/images";
    static final String INVITE_B = "datashare:invitation:fl-rg/fl-share-account/training-data/hospital-b";
    static final String INVITE_APP = "datashare:invitation:fl-rg/fl-share-account/training-data/partner-app";
    static final String CONSUMER_B = "consumer:email:consumer@example.com";
    static final String CONSUMER_APP = "consumer:aad:99999999-8888-7777-6666-555555555555/11111111-2222-3333-4444-555555555555";
    static final String SUBSCRIPTION = "datashare:subscription:consumer-rg/hospital-b-account/fl-training";
    static final String MAPPING = "datashare:mapping:consumer-rg/hospital-b-account/fl-training/images-to-local";
    static final String DOMAIN = "sagemaker:domain:sm-prod/studio";
    static final String PROFILE = "sagemaker:user_profile:sm-prod/studio/alice";
    static final String ROLE = "aws-iam:role:" + LineageFixture.ROLE;
    static final String V1 = "registry:version:pg-reg/churn/1";
    static final String V2 = "registry:version:pg-reg/churn/2";
    static final String MODEL = "registry:model:pg-reg/churn";
    static final String DEPLOYMENT = "deployment:sagemaker.endpoint:churn-prod";
    static final String PG_TABLE = "postgres:table:pg-reg/features.public.customer_features";

    @BeforeAll
    static void build() throws Exception {
        fixture = new LineageFixture();
        graph = fixture.graph();
    }

    @AfterAll
    static void drop() throws Exception {
        if (fixture != null) fixture.close();
    }

    static Set<String> edges() {
        Set<String> out = new TreeSet<>();
        for (LineageEdge e : graph.edges()) out.add(e.from() + " -" + e.relation() + "/" + e.source().json() + "-> " + e.to());
        return out;
    }

    static String e(String from, String relation, String source, String to) {
        return from + " -" + relation + "/" + source + "-> " + to;
    }

    @Test
    void everyEdgeOfTheFourSystems() {
        assertThat(edges()).containsExactlyInAnyOrder(
                // Snowflake: S3 bucket spelled ML-Artifacts and ml-artifacts is one bucket
                e("s3://ml-artifacts/training", "allowed-location", "stack", STORAGE_INT),
                e("s3://ml-artifacts/training/raw", "url", "stack", RAW_STAGE),
                e("s3://ml-artifacts/training", "contains", "stack", "s3://ml-artifacts/training/raw"),
                e(RAW_STAGE, "loads", "stack", PIPE),
                e(PIPE, "into", "stack", TABLE),
                e("azure://flsource/training/images/2026", "url", "stack", AZ_STAGE),
                // the integration reaches its allowed prefixes; the function reaches its own url only
                e(API_INT, "via-integration", "stack", FUNCTION),
                e(API_INT, "reaches", "stack", "https://gw.example.com/api"),
                e(FUNCTION, "reaches", "stack", "https://gw.example.com/api/2.0/log"),
                // Data Share: storage → dataset → share → invitations → consumers; the consumer's mapping
                e("azure://flsource/training/images/2026", "storage", "stack", DATASET),
                e(DATASET, "in-share", "stack", SHARE),
                e(SHARE, "invites", "stack", INVITE_B),
                e(SHARE, "invites", "stack", INVITE_APP),
                e(INVITE_B, "consumer", "stack", CONSUMER_B),
                e(INVITE_APP, "consumer", "stack", CONSUMER_APP),
                e(SUBSCRIPTION, "mapping", "stack", MAPPING),
                e(MAPPING, "storage", "stack", "azure://hospitalb/received/images"),
                // links by id are edges, to an unknown node when nothing has that id (no live invitation here)
                e("unknown:datashare-invitation/0a0b0c0d-0000-0000-0000-000000000001", "accepts", "stack", SUBSCRIPTION),
                e("unknown:datashare-dataset/0a0b0c0d-0000-0000-0000-000000000002", "maps", "stack", MAPPING),
                // SageMaker: output paths and the execution role
                e(DOMAIN, "execution-role", "stack", ROLE),
                e(DOMAIN, "output", "stack", "s3://ml-artifacts/notebooks"),
                e(PROFILE, "profile-of", "stack", DOMAIN),
                e(PROFILE, "output", "stack", "s3://ml-artifacts/notebooks/alice"),
                e("s3://ml-artifacts/notebooks", "contains", "stack", "s3://ml-artifacts/notebooks/alice"),
                // registry: inputs matched across case, quoting and URL forms; unknown ends kept
                e(V1, "version-of", "registry", MODEL),
                e(V2, "version-of", "registry", MODEL),
                e(TABLE, "input", "registry", V1),
                e(MIXED, "input", "registry", V1),
                e(MISSING_TABLE, "input", "registry", V1),
                e("s3://ml-artifacts/training/raw/part-0.csv", "input", "registry", V1),
                e("s3://ml-artifacts/training/raw", "contains", "stack", "s3://ml-artifacts/training/raw/part-0.csv"),
                e(DATASET, "input", "registry", V1),
                e("azure://flsource/training/images/2026", "input", "registry", V1),
                e(PG_TABLE, "input", "registry", V1),
                e("unknown:ftp://somewhere/x.csv", "input", "registry", V1),
                e(V1, "deployment", "registry", DEPLOYMENT),
                e(V2, "deployment", "registry", DEPLOYMENT), // the endpoint's ARN and its name meet
                e("s3://ml-artifacts/notebooks/alice/out.parquet", "input", "registry", V2),
                e("s3://ml-artifacts/notebooks/alice", "contains", "stack", "s3://ml-artifacts/notebooks/alice/out.parquet"),
                e("azure://flsource/training/images/2026/a.png", "input", "registry", V2),
                e("azure://flsource/training/images/2026", "contains", "stack", "azure://flsource/training/images/2026/a.png"));
    }

    @Test
    void nodesCarryStackSystemAndAttributes() {
        LineageNode table = graph.node(TABLE).orElseThrow();
        assertThat(table.stack()).isEqualTo("ml-snowflake");
        assertThat(table.connection()).isEqualTo("sf-prod");
        assertThat(table.known()).isTrue();
        assertThat(table.attributes()).containsEntry("type", "snowflake.table").containsEntry("name", "training_runs");
        assertThat(graph.node(MIXED).orElseThrow().label()).isEqualTo("ML_MODELS.PUBLIC_DATA.\"Mixed Case\"");

        LineageNode v1 = graph.node(V1).orElseThrow();
        assertThat(v1.attributes()).containsEntry("stage", "Production").containsEntry("aliases", "blue,champion")
                .containsEntry("model", "Churn").containsEntry("version", "1");
        assertThat(graph.node(V2).orElseThrow().attributes()).containsEntry("stage", "None").doesNotContainKey("aliases");

        assertThat(graph.node(API_INT).orElseThrow().attributes()).containsEntry("allowed-prefixes", "https://GW.example.com/api/");
        assertThat(graph.node(RAW_STAGE).orElseThrow().attributes()).containsEntry("url", "s3://ml-artifacts/training/raw/");
        assertThat(graph.node(INVITE_B).orElseThrow().attributes()).containsEntry("email", "Consumer@Example.com");
        assertThat(graph.node(CONSUMER_APP).orElseThrow().attributes())
                .containsEntry("tenant", "99999999-8888-7777-6666-555555555555");
        assertThat(graph.node("s3://ml-artifacts/training/raw").orElseThrow())
                .extracting(LineageNode::system, LineageNode::kind, LineageNode::stack, LineageNode::known)
                .containsExactly("s3", "location", null, true);
    }

    @Test
    void classificationIsInheritedDownContainment() {
        assertThat(graph.node(ACCOUNT).orElseThrow().attribute("data-classification")).isEqualTo("confidential");
        assertThat(graph.node(SHARE).orElseThrow().attribute("data-classification")).isEqualTo("confidential");
        assertThat(graph.node(DATASET).orElseThrow().attribute("data-classification")).isEqualTo("confidential");
        assertThat(graph.node(DOMAIN).orElseThrow().attribute("data-classification")).isEqualTo("internal");
        assertThat(graph.node(PROFILE).orElseThrow().attribute("data-classification")).isEqualTo("internal");
        assertThat(graph.node(SUBSCRIPTION).orElseThrow().attribute("data-classification")).isNull();
    }

    @Test
    void unknownEndsAreKeptAsUnknownNodes() {
        assertThat(graph.node(MISSING_TABLE).orElseThrow())
                .extracting(LineageNode::system, LineageNode::known, LineageNode::stack)
                .containsExactly("snowflake", false, null);
        assertThat(graph.node(PG_TABLE).orElseThrow())
                .extracting(LineageNode::system, LineageNode::kind, LineageNode::known).containsExactly("postgres", "table", false);
        assertThat(graph.node("unknown:ftp://somewhere/x.csv").orElseThrow())
                .extracting(LineageNode::system, LineageNode::known).containsExactly("unknown", false);
        // a file inside a location a stack names is known through containment
        assertThat(graph.node("s3://ml-artifacts/training/raw/part-0.csv").orElseThrow().known()).isTrue();
        // the model version's whole upstream within 3 edges reaches the storage behind the table and the dataset
        assertThat(graph.reachable(V1, Direction.UPSTREAM, 3)).contains(PIPE, RAW_STAGE, "s3://ml-artifacts/training/raw",
                "azure://flsource/training/images/2026");
        assertThat(graph.reachable(DATASET, Direction.DOWNSTREAM, 3)).contains(SHARE, INVITE_B, CONSUMER_B, V1);
        assertThat(List.copyOf(graph.nodes())).extracting(LineageNode::id).doesNotHaveDuplicates();
        assertThat(graph.node("unknown:datashare-invitation/0a0b0c0d-0000-0000-0000-000000000001").orElseThrow())
                .extracting(LineageNode::known, LineageNode::label).containsExactly(false, "invitation 0a0b0c0d-0000-0000-0000-000000000001");
        // one function's downstream is its own endpoint, not every prefix its integration allows
        assertThat(graph.reachable(FUNCTION, Direction.DOWNSTREAM, 5)).containsExactly("https://gw.example.com/api/2.0/log");
        assertThat(graph.reachable(API_INT, Direction.DOWNSTREAM, 1)).contains("https://gw.example.com/api", FUNCTION);
        // the output edge points at the s3_output_path line, not the settings block
        LineageEdge output = graph.outgoing(DOMAIN).stream().filter(e -> e.relation().equals("output")).findFirst().orElseThrow();
        assertThat(output.detail()).matches(".+:\\d+: default_user_settings\\.sharing_settings\\.s3_output_path");
    }
}
