package dev.mlpc.ui.wizard.postgres;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.testing.PgTestSupport;
import dev.mlpc.ui.UiTestKit;
import javafx.scene.control.ButtonType;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Apply exactly what was reviewed (issue 9): the wizard plans against the real local PostgreSQL, then the live state
 * changes behind the console's back (one of the planned roles is created over JDBC) before Finish with "apply after
 * commit". The apply is refused: nothing runs on the server, the only commit is the reviewed stack with
 * {@code Applied: no} and no journal, and the finish page shows both plans and what differs, with the way back to the
 * review, which then plans against the changed server.
 */
@ExtendWith(ApplicationExtension.class)
class PostgresWizardRefusalTest {
    private final PgTestSupport pg = new PgTestSupport();
    private final String database = pg.database("wizref_db");
    private final String owner = pg.role("wizref_owner");
    private final String writer = pg.role("wizref_writer");
    private final String reader = pg.role("wizref_reader");
    private final String stackName = "wizref-" + database.substring(database.length() - 10);

    private Path home;
    private Workbench wb;
    private ExecutorService executor;
    private PostgresWizard wizard;
    private final AtomicInteger committedCallbacks = new AtomicInteger();

    @Start
    void start(Stage primary) throws Exception {
        home = UiTestKit.tempHome();
        Files.writeString(home.resolve("connections.yaml"), "connections:\n  local:\n    type: postgres\n    url: "
                + PgTestSupport.url() + "\n    user: " + PgTestSupport.user() + "\n"
                + (PgTestSupport.password() == null ? "" : "    password: ${env:MLPC_TEST_PG_PASSWORD}\n"));
        wb = new Workbench(new AppHome(home), Workbench.standardProviders(), System.getenv(), Duration.ofSeconds(20));
        executor = UiTestKit.workers("wizard-refusal-worker");
        wizard = new PostgresWizard(wb, executor);
        wizard.show(null, committedCallbacks::incrementAndGet);
    }

    @AfterEach
    void tearDown() throws Exception {
        FxToolkit.cleanupStages();
        executor.shutdownNow();
        executor.awaitTermination(20, TimeUnit.SECONDS);
        pg.close();
        UiTestKit.deleteTree(home);
    }

    @Test
    void aLiveChangeAfterTheReviewRefusesTheApplyRunsNothingAndShowsBothPlans(FxRobot robot) throws Exception {
        WizardRobot w = new WizardRobot(robot);
        w.waitUntil(() -> "the connections to load", 20, () -> wizard.model().connection().get() != null);
        w.type("#stackName", stackName);
        w.click("#next");
        w.type("#databaseName", database);
        w.type("#ownerRole", owner);
        w.click("#next");
        w.type("#writerRole", writer);
        w.type("#readerRole", reader);
        w.click("#next");
        w.click("#next");
        assertThat(wizard.page()).isEqualTo(PostgresWizard.Page.REVIEW);

        String reviewed = w.waitForPlan();
        assertThat(reviewed).doesNotContain("offline").contains("CREATE ROLE " + PgTestSupport.q(writer));
        String reviewedSummary = w.text("#planSummary");
        w.clickBox("#applyAfterCommit");
        assertThat(wizard.model().applyAfterCommit().get()).isTrue();
        assertThat(w.visible("#refusal")).as("no refusal before Finish").isFalse();

        // behind the console's back: the writer role appears on the server after the review
        PgTestSupport.exec("CREATE ROLE " + PgTestSupport.q(writer) + " NOLOGIN");

        assertThat(robot.lookup("#finish").queryButton().getUserData()).isEqualTo(ButtonType.FINISH);
        w.click("#finish");
        w.waitUntil(() -> "the apply to end (" + w.text("#resultStatus") + ")", 90,
                () -> w.text("#resultStatus").startsWith("Applied") || w.text("#resultStatus").startsWith("The "));
        assertThat(w.text("#resultStatus")).as(w.text("#resultText"))
                .startsWith("The apply was refused").contains("changed since the review").contains("Nothing was run");
        assertThat(wizard.page()).isEqualTo(PostgresWizard.Page.FINISH);

        // nothing ran: the other planned objects do not exist, the writer role is as the test made it
        assertThat(PgTestSupport.databaseExists(database)).as("database created").isFalse();
        assertThat(PgTestSupport.roleExists(owner)).as("owner role created").isFalse();
        assertThat(PgTestSupport.roleExists(reader)).as("reader role created").isFalse();
        assertThat(PgTestSupport.column(null, "SELECT rolcanlogin::text FROM pg_roles WHERE rolname = ?", writer))
                .containsExactly("false");

        // the record: the reviewed stack committed with Applied: no, and no apply commit, no journal
        List<CommitInfo> stackCommits;
        try (ConfigRepository repo = wb.repository()) {
            stackCommits = repo.log(20).stream().filter(c -> stackName.equals(c.trailer("Stack"))).toList();
        }
        assertThat(stackCommits).hasSize(1);
        assertThat(stackCommits.get(0).trailer("Applied")).isEqualTo("no");
        assertThat(stackCommits.get(0).files()).noneMatch(f -> f.startsWith("journal/"));
        assertThat(new AppHome(home).defaultRepository().resolve("journal").resolve(stackName)).doesNotExist();
        assertThat(committedCallbacks.get()).as("only the reviewed commit").isEqualTo(1);
        assertThat(w.text("#resultText")).contains(stackCommits.get(0).shortId()).doesNotContain("OK ");

        // both plans, and what differs
        assertThat(w.visible("#refusal")).isTrue();
        assertThat(w.text("#reviewedPlanSummary")).startsWith(reviewedSummary.substring(0, reviewedSummary.indexOf("   ")));
        assertThat(w.text("#reviewedPlanText")).isEqualTo(reviewed);
        assertThat(w.text("#livePlanText")).doesNotContain("CREATE ROLE " + PgTestSupport.q(writer))
                .contains("CREATE DATABASE " + PgTestSupport.q(database));
        assertThat(w.text("#livePlanSummary")).isNotEqualTo(w.text("#reviewedPlanSummary"));
        assertThat(w.text("#planDifferences")).contains(writer).contains("CREATE ROLE " + PgTestSupport.q(writer))
                .doesNotContain("CREATE DATABASE");

        String live = w.text("#livePlanText");

        // back to the review: the plan is made again against the changed server
        w.click("#backToReview");
        assertThat(wizard.page()).isEqualTo(PostgresWizard.Page.REVIEW);
        String again = w.waitForPlan();
        assertThat(again).as("the live plan shown in the refusal is the plan now").isEqualTo(live);
        assertThat(again).doesNotContain("CREATE ROLE " + PgTestSupport.q(writer)).contains("CREATE DATABASE");
    }
}
