package dev.mlpc.core.run;

import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Safety;
import dev.mlpc.core.plan.Statement;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ApplyResult.Outcome;
import dev.mlpc.core.provider.ApplyResult.StatementOutcome;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.SecretResolver;
import dev.mlpc.testing.fakeapi.FakeClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner's transaction hooks, as PostgreSQL uses them, with a small in-memory transactional store: statements
 * with the same target run in one transaction, committed when the target changes or at the end; a statement without
 * a target commits itself; a stop rolls the open transaction back and reports its statements ROLLED_BACK.
 */
class PlanRunnerTransactionTest {
    /** A store of committed values per target; each transaction works on a copy until commit. */
    private static final class Store implements StepExecutor {
        final Map<String, List<String>> committed = new LinkedHashMap<>();
        final List<String> calls = new ArrayList<>();
        List<String> open;
        Predicate<String> failing = s -> false;
        boolean failCommit;

        @Override public String transaction(Step step) { return step.target(); }

        @Override public void begin(String tx, Step first) {
            calls.add("begin " + tx);
            open = new ArrayList<>(committed.getOrDefault(tx, List.of()));
        }

        @Override public StepResult execute(Step step, Object executable) throws StepFailedException {
            String sql = String.valueOf(executable);
            calls.add("execute " + sql);
            if (failing.test(sql)) throw new StepFailedException("syntax error at " + sql);
            if (step.target() == null) committed.computeIfAbsent("(autocommit)", k -> new ArrayList<>()).add(sql);
            else open.add(sql);
            return StepResult.done();
        }

        @Override public void commit(String tx) throws StepFailedException {
            calls.add("commit " + tx);
            if (failCommit) throw new StepFailedException("commit in " + tx + " failed: serialization failure");
            committed.put(tx, open);
            open = null;
        }

        @Override public void rollback(String tx) {
            calls.add("rollback " + tx);
            open = null;
        }

        @Override public void close() { calls.add("close"); }
    }

    private static Change change(String name, Statement... st) {
        return new Change(Action.CREATE, new ResourceKey("t.thing", name), Safety.SAFE, List.of(st), Set.of(), "");
    }

    private static Plan plan(Change... changes) {
        return new Plan("s", "t", List.of(changes), List.of(), false);
    }

    private final Store store = new Store();
    private final PlanRunner runner = new PlanRunner(SecretResolver.NONE, new FakeClock());

    @Test
    void statementsOfOneTargetShareATransactionCommittedWhenTheTargetChanges() {
        Plan p = plan(change("a", Statement.of("A1").in("db1"), Statement.of("A2").in("db1")),
                change("b", Statement.of("B1")),
                change("c", Statement.of("C1").in("db2")));

        ApplyResult r = runner.run(p, store, Progress.NONE);

        assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(store.calls).containsExactly("begin db1", "execute A1", "execute A2", "commit db1", "execute B1",
                "begin db2", "execute C1", "commit db2", "close");
        assertThat(store.committed).containsEntry("db1", List.of("A1", "A2")).containsEntry("db2", List.of("C1"));
    }

    @Test
    void aFailureRollsTheOpenTransactionBack() {
        store.failing = s -> s.equals("C2");
        Plan p = plan(change("a", Statement.of("A1").in("db1")),
                change("c", Statement.of("C1").in("db2"), Statement.of("C2").in("db2"), Statement.of("C3").in("db2")));

        ApplyResult r = runner.run(p, store, Progress.NONE);

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.failure()).isEqualTo("t.thing c: syntax error at C2");
        assertThat(r.executed()).extracting(ApplyResult.Executed::outcome).containsExactly(StatementOutcome.OK,
                StatementOutcome.ROLLED_BACK, StatementOutcome.FAILED, StatementOutcome.NOT_RUN);
        assertThat(store.calls).endsWith("execute C2", "rollback db2", "close");
        assertThat(store.committed).containsOnlyKeys("db1");
        assertThat(r.trailer()).isEqualTo("failed (1/4 statements committed)");
    }

    @Test
    void aFailedCommitRollsBackAndReportsTheTransactionsStatements() {
        store.failCommit = true;
        ApplyResult r = runner.run(plan(change("a", Statement.of("A1").in("db1"), Statement.of("A2").in("db1"))),
                store, Progress.NONE);

        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(r.failure()).isEqualTo("commit in db1 failed: serialization failure");
        assertThat(r.executed()).extracting(ApplyResult.Executed::outcome)
                .containsExactly(StatementOutcome.ROLLED_BACK, StatementOutcome.ROLLED_BACK);
        assertThat(store.calls).endsWith("commit db1", "rollback db1", "close");
    }

    @Test
    void aCancelBetweenStatementsRollsTheOpenTransactionBack() {
        Progress cancelAfterFirst = new Progress() {
            @Override public void status(String message) { }
            @Override public void worked(long done, long total) { }
            @Override public boolean cancelled() { return store.calls.contains("execute A1"); }
        };

        ApplyResult r = runner.run(plan(change("a", Statement.of("A1").in("db1")), change("b", Statement.of("B1").in("db1"))),
                store, cancelAfterFirst);

        assertThat(r.outcome()).isEqualTo(Outcome.CANCELLED);
        assertThat(r.failure()).isEqualTo("cancelled by the user before t.thing b");
        assertThat(r.executed()).extracting(ApplyResult.Executed::outcome)
                .containsExactly(StatementOutcome.ROLLED_BACK, StatementOutcome.NOT_RUN);
        assertThat(store.committed).isEmpty();
    }
}
