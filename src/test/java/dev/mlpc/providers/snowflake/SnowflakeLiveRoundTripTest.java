package dev.mlpc.providers.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.testing.snowflake.SfSession;
import dev.mlpc.testing.snowflake.SfStatement;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live Snowflake session against the simulator with the real driver: plan → apply → re-plan converges for the
 * whole seed-000 example (every kind read live); destruction is gated; a failure midway leaves a journal with query IDs and
 * a plan of exactly what is left; every session carries a QUERY_TAG; nothing but loopback is reached.
 */
class SnowflakeLiveRoundTripTest extends LiveRepoTest {

    @Test
    void exampleStackAppliesAndReplansWithNoChanges() throws Exception {
        String yaml = LiveKit.example();
        Plan first = plan(yaml);
        assertThat(first.actionable()).extracting(Change::action).containsOnly(Action.CREATE);
        assertThat(first.actionable()).hasSize(17);

        Workbench.ApplyOutcome out = apply(yaml, false);
        assertThat(out.result().failure()).isNull();
        assertThat(out.result().outcome()).isEqualTo(ApplyResult.Outcome.SUCCEEDED);
        assertThat(out.commit()).isNotNull();

        Plan again = plan(yaml);
        assertThat(again.actionable()).as(again.toText()).isEmpty();

        assertThat(kit.catalog.columns("ML_DATABASE", "ML_SCHEMA", "ML_DATA_TABLE"))
                .extracting(c -> c.name() + " " + c.type())
                .containsExactly("ID STRING", "FEATURES ARRAY", "LABEL NUMBER(38, 0)", "METADATA VARIANT",
                        "EMBEDDING VECTOR(FLOAT, 256)", "LOADED_AT TIMESTAMP_NTZ");
        assertThat(kit.catalog.privileges("ML_ROLE", "TABLE", "ML_DATABASE", "ML_SCHEMA", "ML_DATA_TABLE"))
                .containsExactly("SELECT");
    }

    @Test
    void everySessionSetsAQueryTagNamingTheStackAndCommit() throws Exception {
        String yaml = LiveKit.example();
        Workbench.ApplyOutcome out = apply(yaml, false);
        plan(yaml);
        List<SfSession> sessions = kit.sim.sessions();
        assertThat(sessions).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        for (SfSession s : sessions) {
            JsonNode tag = json.readTree(s.queryTag());
            assertThat(tag.path("app").asText()).isEqualTo("mlpc");
            assertThat(tag.path("stack").asText()).isEqualTo("snowflake-federated-ml");
        }
        // the plan after the apply starts from the apply's audit commit
        assertThat(json.readTree(sessions.get(1).queryTag()).path("base").asText()).isEqualTo(out.commit().id());
        for (SfStatement st : kit.sim.statements()) {
            assertThat(st.queryTag()).as(st.sql()).contains("\"app\":\"mlpc\"");
        }
    }

    @Test
    void destructiveChangesAreRefusedWithoutAllowDestroy() throws Exception {
        String yaml = LiveKit.example();
        assertThat(apply(yaml, false).result().succeeded()).isTrue();
        String changedType = yaml.replace("{name: LABEL, type: \"NUMBER(38,0)\"}", "{name: LABEL, type: FLOAT}");
        assertThat(changedType).isNotEqualTo(yaml);

        Workbench.ApplyOutcome refused = apply(changedType, false);
        assertThat(refused.result().outcome()).isEqualTo(ApplyResult.Outcome.REFUSED);
        assertThat(refused.result().failure()).contains("replace snowflake.table ML_DATA_TABLE");
        assertThat(kit.catalog.columns("ML_DATABASE", "ML_SCHEMA", "ML_DATA_TABLE"))
                .extracting(c -> c.name() + " " + c.type()).contains("LABEL NUMBER(38, 0)");

        Workbench.ApplyOutcome allowed = apply(changedType, true);
        assertThat(allowed.result().outcome()).isEqualTo(ApplyResult.Outcome.SUCCEEDED);
        assertThat(kit.catalog.columns("ML_DATABASE", "ML_SCHEMA", "ML_DATA_TABLE"))
                .extracting(c -> c.name() + " " + c.type()).contains("LABEL FLOAT");
        assertThat(plan(changedType).actionable()).isEmpty();
    }

    @Test
    void aFailedStatementMidwayLeavesAJournalAndAPlanOfWhatIsLeft() throws Exception {
        String yaml = LiveKit.example();
        Plan before = plan(yaml);
        kit.catalog.failWhen(sql -> sql.startsWith("CREATE TABLE"));

        Workbench.ApplyOutcome out = apply(yaml, false);
        ApplyResult r = out.result();
        assertThat(r.outcome()).isEqualTo(ApplyResult.Outcome.FAILED);
        assertThat(r.failure()).startsWith("snowflake.table ML_DATA_TABLE: ").contains("Insufficient privileges")
                .contains("3001").doesNotContain(LiveKit.PASSWORD);
        List<ApplyResult.Executed> ok = r.executed().stream().filter(e -> e.outcome() == ApplyResult.StatementOutcome.OK).toList();
        assertThat(ok).isNotEmpty().allSatisfy(e -> assertThat(e.systemId()).matches("[0-9a-f-]{36}"));
        ApplyResult.Executed failed = r.executed().stream()
                .filter(e -> e.outcome() == ApplyResult.StatementOutcome.FAILED).findFirst().orElseThrow();
        assertThat(failed.systemId()).isNotNull();
        assertThat(r.executed().subList(ok.size() + 1, r.executed().size()))
                .allSatisfy(e -> assertThat(e.outcome()).isEqualTo(ApplyResult.StatementOutcome.NOT_RUN));

        // the journal is committed with each statement, outcome, duration and query ID
        assertThat(out.commit()).isNotNull();
        String journalPath = out.commit().trailers().get("Journal");
        String journal;
        try (var files = Files.walk(repo.directory().resolve("journal"))) {
            journal = Files.readString(files.filter(Files::isRegularFile).findFirst().orElseThrow());
        }
        JsonNode j = new ObjectMapper().readTree(journal);
        assertThat(j.path("outcome").asText()).isEqualTo("failed");
        assertThat(j.path("statements")).hasSize(r.executed().size());
        assertThat(j.path("statements").get(0).path("system_id").asText()).isEqualTo(ok.get(0).systemId());
        assertThat(j.path("statements").get(ok.size()).path("outcome").asText()).isEqualTo("failed");
        assertThat(journal).doesNotContain(LiveKit.PASSWORD);
        assertThat(journalPath == null || journalPath.startsWith("journal/")).isTrue();

        // a re-plan shows exactly what did not run
        kit.catalog.clearFailures();
        Plan left = plan(yaml);
        List<String> notRun = before.actionable().subList(ok.size(), before.actionable().size()).stream()
                .map(c -> c.action() + " " + c.type() + " " + c.name()).toList();
        assertThat(left.actionable()).extracting(c -> c.action() + " " + c.type() + " " + c.name())
                .containsExactlyElementsOf(notRun);

        assertThat(apply(yaml, false).result().succeeded()).isTrue();
        assertThat(plan(yaml).actionable()).isEmpty();
    }
}
