package dev.mlpc.providers.snowflake;

import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderSession;
import dev.mlpc.core.spec.Stack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Hostile and mixed-case names converge live; cancelling stops between statements and a re-plan shows the rest. */
class SnowflakeLiveNamesAndCancelTest {
    private static final java.util.logging.Logger DRIVER_LOG = java.util.logging.Logger.getLogger("net.snowflake");
    private LiveKit kit;

    @BeforeEach
    void start() throws Exception {
        DRIVER_LOG.setLevel(java.util.logging.Level.WARNING);
        kit = new LiveKit();
    }

    @AfterEach
    void stop() throws Exception {
        assertThat(kit.sim.failures()).isEmpty();
        kit.close();
    }

    private Plan plan(ProviderSession s, Stack stack) throws Exception {
        return new dev.mlpc.core.plan.Differ(kit.workbench.registry()).diff(stack, null,
                s.read(stack.resources(), Progress.NONE), new SnowflakeProvider().renderer());
    }

    @Test
    void hostileAndMixedCaseNamesConverge() throws Exception {
        String yaml = """
                stack: hostile
                resources:
                  - {type: snowflake.database, name: "ml \\"db\\".x", comment: "it's; DROP DATABASE X"}
                  - {type: snowflake.schema, name: raw, database: "ml \\"db\\".x", managed_access: true}
                  - type: snowflake.table
                    name: "Training Data"
                    database: "ml \\"db\\".x"
                    schema: raw
                    columns:
                      - {name: "Select Me", type: string, comment: "quoted, mixed case"}
                      - {name: label, type: "number(10, 2)", default: "0"}
                    cluster_by: ["label"]
                    change_tracking: true
                  - {type: snowflake.role, name: "reader-role"}
                  - type: snowflake.grant
                    name: read
                    role: "reader-role"
                    privileges: [select]
                    on: {table: "Training Data"}
                    database: "ml \\"db\\".x"
                    schema: raw
                  - type: snowflake.grant
                    name: future
                    role: "reader-role"
                    privileges: [SELECT]
                    on: {future: tables}
                    database: "ml \\"db\\".x"
                    schema: raw
                """;
        Stack stack = kit.parse(yaml);
        try (ProviderSession s = LiveKit.connect(kit)) {
            ApplyResult r = s.apply(plan(s, stack), Progress.NONE);
            assertThat(r.failure()).isNull();
            assertThat(kit.catalog.hasTable("ml \"db\".x", "RAW", "Training Data")).isTrue();
            assertThat(kit.catalog.privileges("reader-role", "TABLE", "ml \"db\".x", "RAW", "Training Data"))
                    .containsExactly("SELECT");
            Plan again = plan(s, stack);
            assertThat(again.actionable()).as(again.toText()).isEmpty();
        }
    }

    @Test
    void cancellingStopsBetweenStatementsAndTheRestIsPlannedAgain() throws Exception {
        Stack stack = kit.parse(LiveKit.example());
        try (ProviderSession s = LiveKit.connect(kit)) {
            Plan full = plan(s, stack);
            AtomicInteger started = new AtomicInteger(); // the applier reports each statement before running it
            Progress cancelAfterThree = new Progress() {
                @Override public void status(String message) { }
                @Override public void worked(long done, long total) { if (done < total) started.incrementAndGet(); }
                @Override public boolean cancelled() { return started.get() >= 3; }
            };
            ApplyResult r = s.apply(full, cancelAfterThree);
            assertThat(r.outcome()).isEqualTo(ApplyResult.Outcome.CANCELLED);
            assertThat(r.executed()).extracting(ApplyResult.Executed::outcome).startsWith(
                    ApplyResult.StatementOutcome.OK, ApplyResult.StatementOutcome.OK, ApplyResult.StatementOutcome.OK,
                    ApplyResult.StatementOutcome.NOT_RUN);
            assertThat(r.trailer()).startsWith("cancelled (3/");

            List<String> rest = full.actionable().subList(3, full.actionable().size()).stream().map(c -> c.type() + " " + c.name()).toList();
            assertThat(plan(s, stack).actionable()).extracting(c -> c.type() + " " + c.name()).containsExactlyElementsOf(rest);
        }
    }
}
