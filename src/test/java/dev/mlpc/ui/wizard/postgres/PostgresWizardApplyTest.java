package dev.mlpc.ui.wizard.postgres;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.ui.UiTestKit;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ProgressBar;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the wizard against the real local PostgreSQL (BRIEF §4): plan with a connection, commit, apply after commit
 * with the progress bar, then checks the live server over plain JDBC and the audit history. Unique names per run;
 * everything created is dropped afterwards.
 */
@ExtendWith(ApplicationExtension.class)
class PostgresWizardApplyTest {
    private static final String PG_URL = System.getProperty("mlpc.test.pgUrl", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String PG_USER = System.getProperty("mlpc.test.pgUser", "postgres");

    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private final String stackName = "wiz_" + suffix;
    private final String database = "wiz_db_" + suffix;
    private final String owner = "wiz_owner_" + suffix;
    private final String writer = "wiz_writer_" + suffix;
    private final String reader = "wiz_reader_" + suffix;

    private Path home;
    private Workbench wb;
    private ExecutorService executor;
    private PostgresWizard wizard;
    private final AtomicInteger committedCallbacks = new AtomicInteger();

    @Start
    void start(Stage primary) throws IOException {
        home = Files.createTempDirectory("mlpc-wizard-apply");
        Files.writeString(home.resolve("connections.yaml"), "connections:\n  local:\n    type: postgres\n    url: "
                + PG_URL + "\n    user: " + PG_USER + "\n");
        wb = new Workbench(new AppHome(home), Workbench.standardProviders(), System.getenv(), Duration.ofSeconds(20));
        executor = UiTestKit.workers("wizard-apply-worker");
        wizard = new PostgresWizard(wb, executor);
        wizard.show(null, committedCallbacks::incrementAndGet);
    }

    @AfterEach
    void tearDown() throws Exception {
        FxToolkit.cleanupStages();
        executor.shutdownNow();
        executor.awaitTermination(20, TimeUnit.SECONDS);
        List<String> failures = new ArrayList<>();
        try (Connection c = connect(PG_URL); Statement st = c.createStatement()) {
            for (String sql : List.of("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)",
                    "DROP ROLE IF EXISTS \"" + writer + "\"", "DROP ROLE IF EXISTS \"" + reader + "\"",
                    "DROP ROLE IF EXISTS \"" + owner + "\"")) {
                try {
                    st.execute(sql);
                } catch (SQLException e) {
                    failures.add(sql + ": " + e.getMessage());
                }
            }
        }
        try (Stream<Path> s = Files.walk(home)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertThat(failures).as("clean-up").isEmpty();
    }

    private static Connection connect(String url) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", PG_USER);
        String pw = System.getenv("PGPASSWORD");
        if (pw != null) p.setProperty("password", pw);
        return DriverManager.getConnection(url, p);
    }

    private static String urlFor(String db) {
        int slash = PG_URL.lastIndexOf('/');
        int q = PG_URL.indexOf('?', slash);
        return PG_URL.substring(0, slash + 1) + db + (q < 0 ? "" : PG_URL.substring(q));
    }

    private List<CommitInfo> log() throws Exception {
        try (ConfigRepository repo = wb.repository()) {
            return repo.log(10);
        }
    }

    @Test
    void plansAgainstTheServerCommitsAndApplies(FxRobot robot) throws Exception {
        WizardRobot w = new WizardRobot(robot);
        w.waitUntil(() -> "the connections to load", 20, () -> wizard.model().connection().get() != null);
        assertThat(wizard.model().connection().get().name()).isEqualTo("local");

        w.type("#stackName", stackName);
        w.click("#next");
        w.type("#databaseName", database);
        w.type("#ownerRole", owner);
        w.type("#connectionLimit", "7");
        w.click("#next");
        w.type("#writerRole", writer);
        w.type("#readerRole", reader);
        w.click("#next");
        w.click("#next");

        String plan = w.waitForPlan();
        int n = wizard.model().stack().resources().size();
        assertThat(plan).doesNotContain("offline").contains("CREATE DATABASE \"" + database + "\"");
        assertThat(w.text("#planSummary")).startsWith("+" + n + " ~0 -0");

        CheckBox apply = w.node("#applyAfterCommit", CheckBox.class);
        assertThat(apply.isDisabled()).isFalse();
        assertThat(apply.getText()).isEqualTo("Apply to local after commit");
        w.clickBox("#applyAfterCommit");
        assertThat(wizard.model().applyAfterCommit().get()).isTrue();

        w.click("#finish");
        assertThat(w.node("#progress", ProgressBar.class).isVisible()).isTrue();
        w.waitUntil(() -> "the apply to finish (" + w.text("#resultStatus") + ")", 90,
                () -> w.text("#resultStatus").startsWith("Applied") || w.text("#resultStatus").startsWith("The "));
        assertThat(w.text("#resultStatus")).as(w.text("#resultText")).startsWith("Applied");
        assertThat(w.node("#progress", ProgressBar.class).getProgress()).isEqualTo(1.0);
        assertThat(w.button("#cancelApply").isDisabled()).isTrue();
        assertThat(w.text("#resultText")).contains("OK").contains("CREATE DATABASE");

        try (Connection c = connect(PG_URL)) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT d.datconnlimit, pg_get_userbyid(d.datdba) FROM pg_database d WHERE d.datname = ?")) {
                ps.setString(1, database);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).as("database exists").isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(7);
                    assertThat(rs.getString(2)).isEqualTo(owner);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname IN (?, ?, ?) ORDER BY rolname")) {
                ps.setString(1, owner);
                ps.setString(2, writer);
                ps.setString(3, reader);
                List<String> roles = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) roles.add(rs.getString(1) + ":" + rs.getBoolean(2));
                }
                assertThat(roles).containsExactlyInAnyOrder(owner + ":false", writer + ":true", reader + ":true");
            }
        }
        try (Connection c = connect(urlFor(database)); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM pg_namespace WHERE nspname = 'ml_model_schema'),"
                     + " (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
                     + "  WHERE e.extname = 'pgcrypto'),"
                     + " has_schema_privilege('" + writer + "', 'ml_model_schema', 'USAGE')")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.getString(2)).isEqualTo("ml_model_schema");
            assertThat(rs.getBoolean(3)).isTrue();
        }

        List<CommitInfo> log = log();
        assertThat(log).hasSizeGreaterThanOrEqualTo(2);
        CommitInfo applied = log.get(0);
        CommitInfo committed = log.get(1);
        assertThat(applied.trailer("Stack")).isEqualTo(stackName);
        assertThat(applied.trailer("Applied")).isEqualTo("yes");
        assertThat(applied.trailer("Plan")).isEqualTo("+" + n + " ~0 -0");
        assertThat(applied.files()).anyMatch(f -> f.startsWith("journal/" + stackName + "/"));
        assertThat(committed.trailer("Stack")).isEqualTo(stackName);
        assertThat(committed.trailer("Applied")).isEqualTo("no");
        assertThat(w.text("#resultText")).contains(committed.shortId()).contains(applied.shortId());
        assertThat(committedCallbacks.get()).isEqualTo(2);

        // back to the review: the live plan now has nothing left to do
        w.click("#back");
        w.waitForPlan();
        assertThat(w.text("#planSummary")).startsWith("+0 ~0 -0");
        assertThat(w.text("#planStatus")).contains("no changes");
    }
}
