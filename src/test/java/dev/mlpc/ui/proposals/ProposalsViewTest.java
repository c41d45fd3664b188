package dev.mlpc.ui.proposals;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Settings;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.testing.PgTestSupport;
import dev.mlpc.ui.ConsoleApp;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.shell.MainWindow;
import javafx.scene.control.Button;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.mlpc.ui.UiTestKit.fx;
import static dev.mlpc.ui.UiTestKit.waitForFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four eyes in the console (issue 12): identity A proposes a PostgreSQL stack through the {@link Workbench} against
 * the real local server under a policy that needs one approval; the console, whose Settings author is identity B,
 * opens the Proposals view with its accelerator, shows the proposal as not applicable, approves it (confirmation,
 * message), then applies it from the view to its target connection. The role exists on the live server, and the
 * history holds B's approval record and the {@code Applied: yes} commit of the stack.
 */
class ProposalsViewTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final FxRobot robot = new FxRobot();
    private final PgTestSupport pg = new PgTestSupport();
    private final String role = pg.role("uiprop_role");
    private final String stackName = "uiprop-" + role.substring(role.length() - 10);
    private Path homeA;
    private Path homeB;
    private Path repo;
    private ConsoleApp app;

    @BeforeEach
    void setUp() throws Exception {
        homeA = UiTestKit.tempHome();
        homeB = UiTestKit.tempHome();
        repo = Files.createTempDirectory("mlpc-ui-proposals-repo");
        String connections = "connections:\n  local:\n    type: postgres\n    url: " + PgTestSupport.url() + "\n    user: "
                + PgTestSupport.user() + "\n" + (PgTestSupport.password() == null ? "" : "    password: ${env:MLPC_TEST_PG_PASSWORD}\n");
        for (Path h : List.of(homeA, homeB)) Files.writeString(h.resolve("connections.yaml"), connections);
        new Settings("Ada Proposer", "ada@example.org", "light", repo.toString()).save(new AppHome(homeA).settingsFile());
        new Settings("Bob Approver", "bob@example.org", "light", repo.toString()).save(new AppHome(homeB).settingsFile());
    }

    @AfterEach
    void tearDown() throws Exception {
        UiTestKit.closeConsole(app, homeB);
        pg.close();
        UiTestKit.deleteTree(homeA);
        UiTestKit.deleteTree(repo);
    }

    private String stackYaml() {
        return """
                stack: %s
                target: local
                description: a role proposed by Ada, approved and applied by Bob in the Proposals view
                resources:
                  - type: postgres.role
                    name: %s
                    login: false
                    connection_limit: 3
                """.formatted(stackName, role);
    }

    @Test
    void identityBApprovesAndAppliesIdentityAsProposalInTheView() throws Exception {
        Workbench ada = UiTestKit.workbench(homeA);
        assertThat(ada.author().email()).isEqualTo("ada@example.org");
        ConnectionProfile local = ada.connections().require("local");
        PolicyFixture.requireOneApproval(ada, stackName);
        Stack stack = ada.parseStack(stackName + ".yaml", stackYaml());
        CommitInfo proposal = ada.propose(stack, stackYaml(), local, "Add the " + role + " role", Map.of(), Progress.NONE);
        assertThat(proposal.trailer("Applied")).isEqualTo("no");
        assertThat(PgTestSupport.roleExists(role)).isFalse();

        app = UiTestKit.openConsole(() -> UiTestKit.workbench(homeB));
        waitForFx("the main window and its workbench", WAIT, () -> app.mainWindow() != null
                && app.mainWindow().model().workbenchProperty().get() != null);
        MainWindow w = fx(app::mainWindow);
        fx(() -> {
            w.stage().toFront();
            w.stage().requestFocus();
            return null;
        });
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.P).release(KeyCode.P, KeyCode.SHIFT, KeyCode.CONTROL);
        waitForFx("the Proposals tab", WAIT, () -> "tab-proposals".equals(w.tabs().getSelectionModel().getSelectedItem().getId()));
        ProposalsView view = fx(w::proposalsView);
        ProposalsViewModel vm = view.model();
        waitForFx("the proposal listed", WAIT, () -> !vm.loadingProperty().get()
                && vm.proposals().stream().anyMatch(p -> p.commitId().equals(proposal.id())));
        waitForFx("the table focused", WAIT, () -> view.table().getScene().getFocusOwner() == view.table());

        // the row: stack, target, proposer, approvals 0 of 1, open, not applicable
        robot.clickOn(cell(proposal.shortId()));
        waitForFx("the selection", WAIT, () -> vm.selectedProperty().get() != null);
        List<String> cells = fx(this::cellTexts);
        assertThat(cells).contains(proposal.shortId(), stackName, "local", "Ada Proposer", "0 of 1", "open");
        assertThat(fx(() -> label("#proposal-fact-target").getText())).startsWith("local (postgres ").contains(":5432/");
        assertThat(fx(() -> label("#proposal-fact-proposed-by").getText())).isEqualTo("Ada Proposer <ada@example.org>");
        assertThat(cells).anyMatch(c -> c.startsWith("no: "));
        assertThat(fx(() -> view.planText().getText())).contains("CREATE ROLE " + PgTestSupport.q(role));
        assertThat(fx(() -> button("#proposal-apply").isDisabled())).isTrue();
        assertThat(fx(() -> button("#proposal-approve").isDisabled())).isFalse();
        assertThat(fx(() -> vm.connectionProperty().get().name())).isEqualTo("local");

        // approve from the keyboard: Alt+A (the button's mnemonic) opens the confirmation, the message field has the
        // focus, Enter confirms
        robot.press(KeyCode.ALT, KeyCode.A).release(KeyCode.A, KeyCode.ALT);
        waitForFx("the approve dialog", WAIT, () -> robot.lookup("#approve-message").tryQuery().isPresent());
        TextField field = fx(() -> robot.lookup("#approve-message").queryAs(TextField.class));
        waitForFx("the message field focused", WAIT, () -> field.getScene().getFocusOwner() == field);
        DialogPane dialog = fx(() -> robot.lookup("#approve-dialog").queryAs(DialogPane.class));
        assertThat(fx(() -> ((Label) dialog.getContent().lookup(".label")).getText()))
                .startsWith("You approve exactly this plan (sha256 " + proposal.trailer("Plan-Sha256").substring(0, 12) + "): +1 ~0 -0");
        robot.clickOn(field).write("four eyes: checked");
        waitForFx("the message typed", WAIT, () -> field.getText().equals("four eyes: checked"));
        robot.press(KeyCode.ENTER).release(KeyCode.ENTER);
        waitForFx("the approval recorded (" + fx(() -> vm.resultProperty().get()) + ")", WAIT,
                () -> vm.resultProperty().get().startsWith("Approved proposal") && !vm.loadingProperty().get()
                        && vm.selectedProperty().get() != null && vm.selectedProperty().get().applicable());
        assertThat(ProposalsViewModel.approvalsText(fx(() -> vm.selectedProperty().get()))).isEqualTo("1 of 1: Bob Approver");
        waitForFx("the table redrawn", WAIT, () -> cellTexts().contains("yes"));
        assertThat(fx(() -> button("#proposal-approve").isDisabled())).as("Bob approved already").isTrue();

        // apply from the view to its target connection
        waitForFx("Apply enabled", WAIT, () -> !button("#proposal-apply").isDisabled());
        robot.clickOn("#proposal-apply");
        waitForFx("the apply's end (" + fx(() -> vm.resultProperty().get()) + ")", Duration.ofSeconds(90),
                () -> !vm.applyingProperty().get() && vm.runningProperty().get().isEmpty()
                        && (vm.resultProperty().get().startsWith("Applied") || vm.resultProperty().get().startsWith("The ")));
        assertThat(fx(() -> vm.resultProperty().get())).as(fx(() -> vm.resultDetailsProperty().get()))
                .startsWith("Applied proposal " + proposal.shortId() + " to local: 1 of 1 statement ran.");
        assertThat(fx(() -> label("#proposal-result").getText())).startsWith("Applied proposal");

        // the live database and the history
        assertThat(PgTestSupport.column(null, "SELECT rolconnlimit::text FROM pg_roles WHERE rolname = ?", role))
                .containsExactly("3");
        try (ConfigRepository r = ada.repository()) {
            List<CommitInfo> log = r.log(20);
            CommitInfo approval = log.stream().filter(c -> "approval".equals(c.trailer("Record"))).findFirst().orElseThrow();
            assertThat(approval.authorEmail()).isEqualTo("bob@example.org");
            assertThat(approval.trailer("Proposal")).isEqualTo(proposal.id());
            assertThat(approval.trailer("Approved-Plan-Sha256")).isEqualTo(proposal.trailer("Plan-Sha256"));
            assertThat(approval.message()).contains("four eyes: checked");
            CommitInfo applied = log.get(0);
            assertThat(applied.trailer("Stack")).isEqualTo(stackName);
            assertThat(applied.trailer("Applied")).isEqualTo("yes");
            assertThat(applied.trailer("Plan-Sha256")).isEqualTo(proposal.trailer("Plan-Sha256"));
            assertThat(applied.authorEmail()).isEqualTo("bob@example.org");
        }
        // applied: no longer open
        waitForFx("the open list without it", WAIT, () -> !vm.loadingProperty().get()
                && vm.proposals().stream().noneMatch(p -> p.commitId().equals(proposal.id())));
    }

    private List<String> cellTexts() {
        return robot.lookup("#proposals-table .table-cell").queryAllAs(TableCell.class).stream()
                .map(c -> c.getText() == null ? "" : c.getText()).toList();
    }

    private TableCell<?, ?> cell(String text) {
        return fx(() -> robot.lookup("#proposals-table .table-cell").queryAllAs(TableCell.class).stream()
                .filter(c -> text.equals(c.getText())).findFirst().orElseThrow());
    }

    private Button button(String id) {
        return robot.lookup(id).queryAs(Button.class);
    }

    private Label label(String id) {
        return robot.lookup(id).queryAs(Label.class);
    }
}
