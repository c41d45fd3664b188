package dev.mlpc.ui.stacks;

import dev.mlpc.app.DriftPostgresFixture;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.testing.PgTestSupport;
import dev.mlpc.ui.UiExecutor;
import dev.mlpc.ui.UiTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Stacks view's logic without a window, against the real local PostgreSQL and a real config repository: the
 * list (provider, target, last commit, applied), drift per connection (in sync, N changes, not checked and why), the
 * queries of a drift check counted at the server (one bulk read per connection, whatever the number of stacks),
 * plan and apply of a stack, and the validation and commit of an edited version.
 */
class StacksViewModelTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final PgTestSupport pg = new PgTestSupport();
    private Path home;
    private Workbench wb;
    private String db;
    private String homeDb;
    private String missingRole;
    private StackCatalog catalog;

    @BeforeEach
    void setUp() throws Exception {
        db = pg.database("mlpc_stacks");
        homeDb = pg.database("mlpc_stacks_home");
        missingRole = pg.role("mlpc_stacks_gone");
        DriftPostgresFixture.createLive(db);
        PgTestSupport.exec("CREATE DATABASE " + PgTestSupport.q(homeDb));
        home = UiTestKit.tempHome();
        wb = UiTestKit.workbench(home);
        Map<String, String> settings = new LinkedHashMap<>(PgTestSupport.profile("local-pg").settings());
        settings.put("url", PgTestSupport.urlFor(homeDb));
        wb.connections().save(List.of(new ConnectionProfile("local-pg", "postgres", settings)));
        catalog = new StackCatalog(wb);
    }

    @AfterEach
    void tearDown() throws Exception {
        UiTestKit.deleteTree(home);
        pg.close();
    }

    private String targeted(String yaml, String target) {
        return yaml.replaceFirst("\nresources:", "\ntarget: " + target + "\nresources:");
    }

    private CommitInfo commit(String yaml) throws Exception {
        return DriftPostgresFixture.commit(wb, yaml);
    }

    private String cleanYaml(String name) {
        return """
                stack: %s
                resources:
                  - type: postgres.schema
                    name: extra
                    database: %s
                    comment: nobody manages me
                """.formatted(name, db);
    }

    private String looseYaml() {
        return """
                stack: loose
                resources:
                  - type: postgres.schema
                    name: fresh
                    database: %s
                    comment: made from the stacks view
                """.formatted(db);
    }

    @Test
    void listsTheStacksWithTargetLastCommitAppliedAndDriftPerConnection() throws Exception {
        CommitInfo drifty = commit(targeted(DriftPostgresFixture.stackYaml("drifty", db, missingRole), "local-pg"));
        commit(targeted(cleanYaml("clean"), "local-pg"));
        commit(looseYaml());
        commit(targeted(cleanYaml("elsewhere"), "nowhere"));
        // a stack that no longer reads, committed with plain git (as a user editing the repository would)
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.open(wb.repositoryPath().toFile())) {
            java.nio.file.Files.writeString(wb.repositoryPath().resolve("stacks/broken.yaml"),
                    "stack: broken\nresources:\n  - type: postgres.nothing\n    name: x\n");
            git.add().addFilepattern("stacks/broken.yaml").call();
            git.commit().setMessage("a broken stack").setAuthor("Tester", "t@example.com")
                    .setCommitter("Tester", "t@example.com").setSign(false).call();
        }

        try (UiTestKit.UiThread ui = new UiTestKit.UiThread(); UiExecutor executor = UiExecutor.withUiThread(ui.executor())) {
            StacksViewModel model = new StacksViewModel(() -> catalog, executor);
            ui.run(() -> model.refresh(true));
            ui.waitFor("the list and its drift", WAIT, () -> !model.loadingProperty().get() && !model.rows().isEmpty()
                    && !model.checkingProperty().get() && model.lastDriftProperty().get() != null);

            Map<String, StackRow> rows = ui.call(() -> {
                Map<String, StackRow> m = new LinkedHashMap<>();
                model.rows().forEach(r -> m.put(r.name(), r));
                return m;
            });
            assertThat(rows.keySet()).containsExactly("broken", "clean", "drifty", "elsewhere", "loose");
            StackRow d = rows.get("drifty");
            assertThat(d.provider()).isEqualTo("postgres");
            assertThat(d.targetText()).isEqualTo("local-pg");
            assertThat(d.last().id()).isEqualTo(drifty.id());
            assertThat(d.lastCommitText()).startsWith(drifty.shortId()).contains("test stack").contains(drifty.authorName());
            assertThat(d.appliedText()).isEqualTo("no");
            assertThat(d.wasApplied()).isFalse();
            // drifty: schema 'changed' differs, schema 'gone' and the role are missing
            assertThat(d.drift().kind()).isEqualTo(StackDrift.Kind.CHANGES);
            assertThat(d.drift().text()).isEqualTo("3 changes");
            assertThat(d.drift().details()).anyMatch(l -> l.startsWith("postgres.schema changed: differs"))
                    .anyMatch(l -> l.equals("postgres.schema gone: missing in local-pg"))
                    .anyMatch(l -> l.equals("postgres.role " + missingRole + ": missing in local-pg"));
            assertThat(rows.get("clean").drift().text()).isEqualTo("in sync");
            assertThat(rows.get("loose").targetText()).isEqualTo("unbound");
            assertThat(rows.get("loose").drift().text()).isEqualTo("not checked — no target");
            assertThat(rows.get("elsewhere").drift().text())
                    .isEqualTo("not checked — connection 'nowhere' is not configured (Settings → Connections)");
            assertThat(rows.get("broken").problem()).contains("stacks/broken.yaml:3").contains("postgres.nothing");
            assertThat(rows.get("broken").drift().text()).startsWith("not checked — the stack does not read");
            assertThat(rows.get("broken").appliedText()).isEqualTo("never recorded");
            // one connection read, for both of its stacks
            assertThat(ui.call(() -> model.lastDriftProperty().get().queries())).containsOnlyKeys("local-pg");
            assertThat(ui.call(() -> model.statusProperty().get())).startsWith("5 stacks (2 unbound)")
                    .contains("1 in sync, 1 with changes").contains("read local-pg in ");

            // the connection picked for unbound stacks: loose is now compared (its schema does not exist yet)
            ui.run(() -> model.unboundConnectionProperty().set("local-pg"));
            ui.run(model::checkDrift);
            ui.waitFor("drift with the unbound connection", WAIT, () -> !model.checkingProperty().get()
                    && model.row("loose").drift().kind() != StackDrift.Kind.CHECKING);
            assertThat(ui.call(() -> model.row("loose").drift().text())).isEqualTo("1 change");
            assertThat(ui.call(() -> model.row("broken").targetText())).isEqualTo("unbound");

            // plan and apply loose against the picked connection: the reviewed plan runs, Applied: yes
            StackRow loose = ui.call(() -> model.row("loose"));
            StackCatalog.Review review = catalog.plan(loose, "local-pg", Progress.NONE);
            assertThat(review.plan().offline()).isFalse();
            assertThat(review.plan().summary().create()).isEqualTo(1);
            assertThat(review.generated()).contains("CREATE SCHEMA");
            Workbench.ApplyOutcome outcome = catalog.apply(review, false, "apply loose", Progress.NONE);
            assertThat(outcome.result().outcome()).isEqualTo(ApplyResult.Outcome.SUCCEEDED);
            assertThat(outcome.commit().trailer("Applied")).isEqualTo("yes");
            assertThat(outcome.commit().trailer("Target-Connection")).isEqualTo("local-pg");
            assertThat(PgTestSupport.column(db, "SELECT nspname FROM pg_namespace WHERE nspname = 'fresh'")).containsExactly("fresh");

            ui.run(() -> model.refresh(true));
            ui.waitFor("the list after the apply", WAIT, () -> !model.loadingProperty().get() && !model.checkingProperty().get()
                    && model.row("loose") != null && model.row("loose").wasApplied()
                    && model.row("loose").drift().kind() != StackDrift.Kind.CHECKING);
            assertThat(ui.call(() -> model.row("loose").drift().text())).isEqualTo("in sync");
            assertThat(ui.call(() -> model.row("loose").last().id())).isEqualTo(outcome.commit().id());
        }
    }

    @Test
    void planWithoutATargetSaysSoAndNothingConnects() throws Exception {
        commit(looseYaml());
        StackRow loose = catalog.load().get(0);
        assertThatThrownBy(() -> catalog.plan(loose, null, Progress.NONE))
                .hasMessage("stack loose has no target: choose the connection for unbound stacks first");
    }

    @Test
    void anEditIsValidatedWithLineAndColumnAndCommittedOnlyWhenValid() throws Exception {
        commit(targeted(cleanYaml("clean"), "local-pg"));
        String bad = targeted(cleanYaml("clean"), "local-pg").replace("comment: nobody manages me", "coment: typo");
        List<Problem> problems = catalog.validate("clean", bad);
        assertThat(problems).isNotEmpty();
        assertThat(problems.get(0).location().line()).isEqualTo(7);
        assertThat(problems.get(0).format()).startsWith("stacks/clean.yaml:7:").contains("coment");
        assertThat(catalog.validate("clean", cleanYaml("renamed"))).extracting(Problem::reason)
                .anyMatch(r -> r.startsWith("the name must stay 'clean'"));

        String head;
        try (ConfigRepository repo = wb.repository()) {
            head = repo.headCommit();
        }
        assertThatThrownBy(() -> catalog.save("clean", bad, "typo")).isInstanceOf(StackException.class);
        try (ConfigRepository repo = wb.repository()) {
            assertThat(repo.headCommit()).as("nothing committed").isEqualTo(head);
        }

        String good = targeted(cleanYaml("clean"), "local-pg").replace("nobody manages me", "managed now");
        assertThat(catalog.validate("clean", good)).isEmpty();
        CommitInfo c = catalog.save("clean", good, "Reword the comment");
        assertThat(c.trailer("Applied")).isEqualTo("no");
        assertThat(c.trailer("Stack")).isEqualTo("clean");
        try (ConfigRepository repo = wb.repository()) {
            assertThat(repo.readStack("clean")).contains(good);
        }
        StackRow row = catalog.load().get(0);
        assertThat(row.last().id()).isEqualTo(c.id());
        assertThat(StackEditor.offsetOf("ab\ncdef\ng", 2, 3)).isEqualTo(5);
        assertThat(StackEditor.offsetOf("ab\ncdef\ng", 9, 1)).isEqualTo(9);
        assertThat(StackEditor.offsetOf("ab\ncdef\ng", 1, 40)).isEqualTo(2);
    }

    // ---- queries per connection, counted at the server --------------------------------------------------------

    /** Transactions and sessions the server recorded in the databases the drift check works in. */
    private long[] counters(List<String> databases) throws Exception {
        try (Connection c = PgTestSupport.connect()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (true) {
                try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ANY(?)")) {
                    ps.setArray(1, c.createArrayOf("text", databases.toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) == 0) break;
                    }
                }
                assertThat(System.nanoTime()).as("the session's backends end").isLessThan(deadline);
                Thread.sleep(5); // waiting for the backends to exit, not for something not to happen
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_stat_clear_snapshot(), "
                    + "coalesce(sum(xact_commit + xact_rollback), 0), coalesce(sum(sessions), 0) "
                    + "FROM pg_stat_database WHERE datname = ANY(?)")) {
                ps.setArray(1, c.createArrayOf("text", databases.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new long[] {rs.getLong(2), rs.getLong(3)};
                }
            }
        }
    }

    /** Round trips of one drift check at the server (least of three: autovacuum only ever adds), minus logins. */
    private long serverQueries(List<StackRow> rows, long perLogin, StackCatalog.DriftReport[] last) throws Exception {
        List<String> dbs = List.of(homeDb, db);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long[] before = counters(dbs);
            last[0] = catalog.drift(rows, null, Progress.NONE);
            long[] after = counters(dbs);
            best = Math.min(best, (after[0] - before[0]) - perLogin * (after[1] - before[1]));
        }
        return best;
    }

    @Test
    void oneBulkReadPerConnectionWhateverTheNumberOfStacks() throws Exception {
        commit(targeted(DriftPostgresFixture.stackYaml("drifty", db, missingRole), "local-pg"));
        long perLogin = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long[] before = counters(List.of(homeDb, db));
            PgTestSupport.connect(homeDb).close();
            long[] after = counters(List.of(homeDb, db));
            assertThat(after[1] - before[1]).isEqualTo(1);
            perLogin = Math.min(perLogin, after[0] - before[0]);
        }
        StackCatalog.DriftReport[] last = new StackCatalog.DriftReport[1];
        long one = serverQueries(catalog.load(), perLogin, last);
        assertThat(last[0].byStack().get("drifty").text()).isEqualTo("3 changes");
        assertThat(last[0].queries()).containsOnlyKeys("local-pg");
        assertThat((long) last[0].queries().get("local-pg")).as("the provider's count agrees with the server's").isEqualTo(one);

        StringBuilder ddl = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            ddl.append("CREATE SCHEMA s").append(i).append(';');
            commit(targeted("""
                    stack: many-%d
                    resources:
                      - type: postgres.schema
                        name: s%d
                        database: %s
                    """.formatted(i, i, db), "local-pg"));
        }
        PgTestSupport.execIn(db, ddl.toString());
        List<StackRow> rows = catalog.load();
        assertThat(rows).hasSize(41);
        long many = serverQueries(rows, perLogin, last);
        assertThat(many).as("41 stacks on one connection: the same bulk read as one").isEqualTo(one);
        assertThat(last[0].byStack().values().stream().filter(d -> d.kind() == StackDrift.Kind.IN_SYNC)).hasSize(40);
        System.out.println("stacks drift: 1 stack " + one + " queries, 41 stacks " + many + " queries at the server");
    }
}
