package dev.mlpc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mlpc registry ...} end to end on the real PostgreSQL. */
class RegistryCliTest {
    @TempDir Path tmp;
    Path home;
    final PgTestSupport pg = new PgTestSupport();
    String db;

    record Run(int code, String out, String err) { }

    Run mlpc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of(args));
        if (all.size() > 1 && all.get(0).equals("registry")) all.addAll(List.of("--connection", "local", "--database", db));
        int code = MlpcCommand.run(all.toArray(String[]::new), Map.of("MLPC_HOME", home.toString()),
                new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    /** {@code registry models} on another connection or database than the test's. */
    Run runAgainst(String connection, String database) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("registry", "models", "--connection", connection));
        if (database != null) args.addAll(List.of("--database", database));
        int code = MlpcCommand.run(args.toArray(String[]::new), Map.of("MLPC_HOME", home.toString()),
                new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeEach
    void setUp() throws Exception {
        home = tmp.resolve("home");
        Files.createDirectories(home);
        Files.writeString(home.resolve("connections.yaml"), "connections:\n  local: {type: postgres, url: \""
                + PgTestSupport.url() + "\", user: " + PgTestSupport.user() + "}\n"
                + "  nowhere: {type: postgres, url: \"jdbc:postgresql://127.0.0.1:1/postgres\", user: x}\n");
        db = pg.database("mlreg_cli");
        PgTestSupport.exec("CREATE DATABASE " + PgTestSupport.q(db));
    }

    @AfterEach
    void tearDown() throws Exception {
        pg.close();
    }

    /**
     * Review: an unknown connection or a bare name was registered (exit 0) and stood as a governance error for good.
     * Links are checked when registered; a link registered earlier can be removed, and the removal is in the event log.
     */
    @Test
    void lineageLinksAreCheckedAndCanBeRemoved() throws Exception {
        assertThat(mlpc("registry", "init").code()).isZero();
        assertThat(mlpc("registry", "register", "churn", "--source", "s3://models/churn/1").code()).isZero();

        Run conn = mlpc("registry", "lineage", "churn", "1", "--input", "postgres.table=nosuch/" + db + "/public/t");
        assertThat(conn.code()).isEqualTo(1);
        assertThat(conn.err()).contains("--input 'postgres.table=nosuch/" + db + "/public/t': no connection is named"
                + " 'nosuch' (known postgres connections: local, nowhere)").contains("nothing registered");
        Run three = mlpc("registry", "lineage", "churn", "1", "--input", "postgres.table=nosuch/db/t");
        assertThat(three.code()).isEqualTo(1);
        assertThat(three.err()).contains("a path needs 4 parts (expected DATABASE.SCHEMA.TABLE or"
                + " CONNECTION/DATABASE/SCHEMA/TABLE); no connection is named 'nosuch'");
        Run bare = mlpc("registry", "lineage", "churn", "1", "--input", "snowflake.table=rv_x",
                "--deployment", "sagemaker.endpoint=a/b/c", "--input", "s3=not-a-url");
        assertThat(bare.code()).isEqualTo(1);
        assertThat(bare.err()).contains("--input 'snowflake.table=rv_x': not a qualified name (1 part; expected"
                        + " DATABASE.SCHEMA.NAME or CONNECTION/DATABASE/SCHEMA/NAME)")
                .contains("--input 's3=not-a-url': not a storage URL")
                .contains("--deployment 'sagemaker.endpoint=a/b/c': not an endpoint reference");
        Run reg = mlpc("registry", "register", "churn", "--source", "s3://x", "--input", "snowflake.table=rv_x");
        assertThat(reg.code()).as("register checks its links too").isEqualTo(1);
        assertThat(reg.err()).contains("'snowflake.table=rv_x': not a qualified name");
        for (Run r : List.of(conn, three, bare, reg)) assertThat(r.err()).doesNotContain("Exception");
        JsonNode none = new ObjectMapper().readTree(mlpc("registry", "lineage", "churn", "1", "--format", "json").out());
        assertThat(none).isEmpty();
        assertThat(new ObjectMapper().readTree(mlpc("registry", "versions", "churn", "--format", "json").out())
                .get("items")).hasSize(1);

        Run good = mlpc("registry", "lineage", "churn", "1", "--input", "postgres.table=local/" + db + "/public/t",
                "--input", "snowflake.table=ML.PUBLIC.TRAIN", "--deployment", "sagemaker.endpoint=churn-prod");
        assertThat(good.code()).as(good.err()).isZero();
        // a link stored before the checks (straight through the service) can still be removed
        var wb = new dev.mlpc.app.Workbench(new dev.mlpc.app.AppHome(home), dev.mlpc.app.Workbench.standardProviders(),
                Map.of(), java.time.Duration.ofSeconds(10));
        try (var r = wb.openRegistry(wb.connections().require("local"), db, "model_registry", 1)) {
            r.addLineage("churn", 1, new dev.mlpc.registry.Lineage("input", "snowflake.table", "rv_x"));
        }
        Run missing = mlpc("registry", "lineage", "churn", "1", "--remove-input", "snowflake.table=rv_y",
                "--remove-input", "snowflake.table=rv_x");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("input 'snowflake.table=rv_y': churn v1 has no such link (its input links: ")
                .contains("snowflake.table=rv_x").contains("nothing removed").doesNotContain("Exception");
        assertThat(new ObjectMapper().readTree(mlpc("registry", "lineage", "churn", "1", "--format", "json").out())).hasSize(4);

        Run removed = mlpc("registry", "lineage", "churn", "1", "--remove-input", "snowflake.table=rv_x",
                "--remove-deployment", "sagemaker.endpoint=churn-prod");
        assertThat(removed.code()).as(removed.err()).isZero();
        assertThat(removed.out()).contains("input  postgres.table  local/" + db + "/public/t")
                .contains("input  snowflake.table  ML.PUBLIC.TRAIN").doesNotContain("rv_x").doesNotContain("churn-prod");
        JsonNode events = new ObjectMapper().readTree(mlpc("registry", "events", "churn", "--format", "json").out());
        List<String> actions = new ArrayList<>();
        events.get("items").forEach(e -> actions.add(e.get("action").asText()));
        assertThat(actions).contains("remove_lineage");
        JsonNode first = null;
        for (JsonNode e : events.get("items")) if (e.get("action").asText().equals("remove_lineage")) { first = e; break; }
        assertThat(first.toString()).contains("sagemaker.endpoint").contains("churn-prod");
    }

    @Test
    void fromInitToSearchEventsAndDeletion() throws Exception {
        Run missing = mlpc("registry", "models");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("there is no model registry in schema model_registry")
                .contains("mlpc registry init --connection local --database " + db).doesNotContain("Exception");

        Run init = mlpc("registry", "init");
        assertThat(init.code()).as(init.err()).isZero();
        assertThat(init.out()).contains("installed at version 1 (1 migration run)");
        assertThat(mlpc("registry", "init").out()).contains("is at version 1; nothing to do");

        Run reg = mlpc("registry", "register", "churn", "--source", "s3://models/churn/1", "--tag", "team=growth",
                "--input", "snowflake.table=ML.PUBLIC.TRAIN", "--deployment", "sagemaker.endpoint=churn-prod",
                "--description", "Gradient boosting on March data", "--run-id", "run-17", "--framework", "xgboost");
        assertThat(reg.code()).as(reg.err()).isZero();
        assertThat(reg.out().trim()).isEqualTo("1");
        assertThat(mlpc("registry", "register", "churn", "--source", "s3://models/churn/2").out().trim()).isEqualTo("2");

        assertThat(mlpc("registry", "alias", "churn", "champion", "1").out()).contains("churn@champion -> version 1");
        assertThat(mlpc("registry", "alias", "churn", "champion", "2").out()).contains("-> version 2");
        assertThat(mlpc("registry", "stage", "churn", "2", "Production", "--archive-others").out())
                .contains("churn version 2: Production");
        assertThat(mlpc("registry", "tag", "churn", "owner=ml-platform").out()).contains("owner=ml-platform");
        assertThat(mlpc("registry", "metrics", "churn", "2", "loss=0.5@1", "loss=0.3@2").code()).isZero();

        JsonNode search = new ObjectMapper().readTree(mlpc("registry", "search", "--prefix", "CH", "--alias",
                "champion", "--format", "json").out());
        assertThat(search.get("items")).hasSize(1);
        assertThat(search.get("items").get(0).get("version").asInt()).isEqualTo(2);
        assertThat(search.get("items").get(0).get("aliases").get(0).asText()).isEqualTo("champion");
        assertThat(search.get("next").isNull()).isTrue();

        JsonNode page1 = new ObjectMapper().readTree(mlpc("registry", "versions", "churn", "--limit", "1", "--format", "json").out());
        assertThat(page1.get("items").get(0).get("version").asInt()).isEqualTo(2);
        JsonNode page2 = new ObjectMapper().readTree(mlpc("registry", "versions", "churn", "--limit", "1",
                "--cursor", page1.get("next").asText(), "--format", "json").out());
        assertThat(page2.get("items").get(0).get("version").asInt()).isEqualTo(1);

        JsonNode show = new ObjectMapper().readTree(mlpc("registry", "show", "churn", "champion", "--format", "json").out());
        assertThat(show.get("version").get("stage").asText()).isEqualTo("Production");
        assertThat(show.get("metrics")).hasSize(2);
        // review 2: the text form prints the version's description, run id and framework
        assertThat(mlpc("registry", "show", "churn", "1").out()).contains("description  Gradient boosting on March data")
                .contains("run          run-17").contains("framework    xgboost");
        JsonNode shown1 = new ObjectMapper().readTree(mlpc("registry", "show", "churn", "1", "--format", "json").out());
        assertThat(shown1.get("lineage")).hasSize(2);

        JsonNode models = new ObjectMapper().readTree(mlpc("registry", "models", "--format", "json").out());
        assertThat(models.get("items").get(0).get("aliases").get("champion").asInt()).isEqualTo(2);
        assertThat(models.get("items").get(0).get("tags").get("owner").asText()).isEqualTo("ml-platform");

        JsonNode events = new ObjectMapper().readTree(mlpc("registry", "events", "churn", "--format", "json").out());
        assertThat(events.get("items").get(0).get("action").asText()).isEqualTo("log_metrics");
        assertThat(events.findValuesAsText("action")).contains("register_version", "set_alias", "transition_stage");

        // destructive: refused without --allow-destroy, and the alias guards its version
        Run refused = mlpc("registry", "delete", "churn", "1");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("without --allow-destroy; nothing was changed");
        Run guarded = mlpc("registry", "delete", "churn", "2", "--allow-destroy");
        assertThat(guarded.err()).contains("carries alias champion");
        assertThat(mlpc("registry", "delete", "churn", "1", "--allow-destroy").code()).isZero();
        assertThat(mlpc("registry", "register", "churn", "--source", "s3://models/churn/3").out().trim()).isEqualTo("3");

        Run migrations = mlpc("registry", "migrations");
        assertThat(migrations.out()).contains("model registry").contains("Success");
    }

    @Test
    void badArgumentsNameTheFieldWithoutAStackTrace() throws Exception {
        assertThat(mlpc("registry", "init").code()).isZero();
        Run badAlias = mlpc("registry", "alias", "churn", "latest", "1");
        assertThat(badAlias.code()).isEqualTo(1);
        assertThat(badAlias.err()).startsWith("mlpc: alias: 'latest' is reserved");
        Run badVersion = mlpc("registry", "alias", "churn", "champion", "one");
        assertThat(badVersion.err()).contains("VERSION: 'one' is not a version number");
        Run unknown = mlpc("registry", "versions", "ghost");
        assertThat(unknown.err()).contains("model: 'ghost' does not exist");
        Run badTag = mlpc("registry", "register", "m", "--source", "s3://x", "--tag", "novalue");
        assertThat(badTag.err()).contains("tag: 'novalue' is not KEY=VALUE");
        Run badSchema = mlpc("registry", "models", "--schema", "table");
        assertThat(badSchema.err()).contains("schema: 'table' is a reserved word");
        Run badCursor = mlpc("registry", "search", "--cursor", "zzz");
        assertThat(badCursor.err()).contains("cursor: 'zzz' is not a cursor of this listing");
        // several changes in one command: one bad item and none of them is kept
        assertThat(mlpc("registry", "register", "m", "--source", "s3://x").code()).isZero();
        Run badOne = mlpc("registry", "tag", "m", "good=1", "bad key=2");
        assertThat(badOne.err()).contains("tag: 'bad key' is not a tag key");
        Run badLink = mlpc("registry", "lineage", "m", "1", "--input", "s3=s3://a", "--input", "bogus=x");
        assertThat(badLink.err()).contains("--input 'bogus=x': unknown kind 'bogus' (known: snowflake.table, ");
        JsonNode shown = new ObjectMapper().readTree(mlpc("registry", "show", "m", "1", "--format", "json").out());
        assertThat(shown.get("lineage")).isEmpty();
        assertThat(new ObjectMapper().readTree(mlpc("registry", "show", "m", "--format", "json").out()).get("tags")).isEmpty();
        assertThat(mlpc("registry", "lineage", "m", "1", "--input", "s3=s3://a", "--input", "s3=s3://b").code()).isZero();
        assertThat(new ObjectMapper().readTree(mlpc("registry", "lineage", "m", "1", "--format", "json").out())).hasSize(2);

        Run unreachable = runAgainst("nowhere", null);
        assertThat(unreachable.code()).isEqualTo(1);
        assertThat(unreachable.err()).contains("cannot reach 127.0.0.1:1: connection refused");
        Run noDatabase = runAgainst("local", "no_such_db_for_mlpc");
        assertThat(noDatabase.err()).contains("database no_such_db_for_mlpc does not exist");
        for (Run r : List.of(badAlias, badVersion, unknown, badTag, badSchema, badCursor, badOne, badLink, unreachable, noDatabase)) {
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }
}
