package dev.mlpc.ui.history;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.testing.PgTestSupport;
import dev.mlpc.ui.Theme;
import dev.mlpc.ui.UiExecutor;
import dev.mlpc.ui.UiTestKit;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableCell;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.mlpc.ui.UiTestKit.fx;
import static dev.mlpc.ui.UiTestKit.fxRun;
import static dev.mlpc.ui.UiTestKit.waitForFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The History view's Compare and "Roll back to this version…" over a real config repository and the local PostgreSQL:
 * two applied versions of a stack (the second adds a schema and raises the connection limit) are compared (the
 * semantic difference and the generated SQL's diff), then the stack is rolled back to the first version through the
 * plan review: Roll back stays disabled until destruction is allowed, the apply drops the schema, the commit carries
 * {@code Reverts:}, and a re-plan has no changes. Under a policy that requires one approval the same rollback is
 * proposed (a commit with {@code Reverts:} and {@code Approval: required (1)}) and nothing is applied live.
 */
@ExtendWith(ApplicationExtension.class)
class HistoryCompareRollbackTest {
    private static final Duration WAIT = Duration.ofSeconds(40);

    private final PgTestSupport pg = new PgTestSupport();
    private Path home;
    private Workbench wb;
    private UiExecutor executor;
    private HistoryView view;
    private String db;
    private String owner;

    @Start
    void start(Stage stage) throws Exception {
        home = UiTestKit.tempHome();
        wb = UiTestKit.workbench(home);
        wb.connections().save(List.of(PgTestSupport.profile("local-pg")));
        db = pg.database("mlpc_ui_rb");
        owner = pg.role("mlpc_ui_rbo");
        executor = UiExecutor.create();
        view = new HistoryView(new HistoryViewModel(wb::repository, executor, VersionService.of(() -> wb)));
        Scene scene = new Scene(view, 1280, 800);
        Theme.style(scene);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        fxRun(view.model()::dispose);
        executor.shutdown(Duration.ofSeconds(2));
        UiTestKit.deleteTree(home);
        pg.close();
    }

    private String yaml(int version) {
        return "stack: ui-rollback\ntarget: local-pg\nresources:\n"
                + "  - {type: postgres.role, name: " + owner + ", login: false}\n"
                + "  - {type: postgres.database, name: " + db + ", owner: " + owner + ", connection_limit: "
                + (version == 1 ? 5 : 25) + "}\n"
                + (version == 2 ? "  - {type: postgres.schema, name: features, database: " + db + ", owner: " + owner + "}\n" : "");
    }

    private CommitInfo apply(ConfigRepository repo, int version) throws Exception {
        String y = yaml(version);
        Stack s = wb.parseStack("ui-rollback.yaml", y);
        ConnectionProfile local = wb.connections().require("local-pg");
        Workbench.ApplyOutcome o = wb.apply(s, y, local, repo, false, "version " + version, Progress.NONE);
        assertThat(o.result().succeeded()).as(String.valueOf(o.result().failure())).isTrue();
        return o.commit();
    }

    private TableCell<?, ?> cell(FxRobot robot, String text) {
        return robot.lookup(".table-cell").queryAllAs(TableCell.class).stream()
                .filter(c -> text.equals(c.getText())).findFirst().orElseThrow();
    }

    private static javafx.scene.Node menuItem(FxRobot robot, String text) {
        return robot.lookup(".context-menu .menu-item").queryAll().stream()
                .filter(n -> n.lookup(".label") instanceof Label l && text.equals(l.getText().replace("_", "")) && n.isVisible())
                .findFirst().orElse(null);
    }

    @Test
    void comparesTwoVersionsThenRollsBackThroughTheReview(FxRobot robot) throws Exception {
        CommitInfo v1;
        CommitInfo v2;
        try (ConfigRepository repo = wb.repository()) {
            v1 = apply(repo, 1);
            v2 = apply(repo, 2);
        }
        assertThat(PgTestSupport.column(db, "SELECT nspname FROM pg_namespace WHERE nspname = 'features'")).containsExactly("features");
        fxRun(view.model()::refresh);
        waitForFx("the two versions listed", WAIT, () -> view.table().getItems().stream().anyMatch(c -> c.id().equals(v1.id()))
                && view.table().getItems().stream().anyMatch(c -> c.id().equals(v2.id())));
        Button compare = robot.lookup("#history-compare").queryAs(Button.class);
        Button rollback = robot.lookup("#history-rollback").queryAs(Button.class);

        // one row: no compare; a commit that is no stack version: no rollback
        waitForFx("cells", WAIT, () -> robot.lookup(".table-cell").queryAllAs(TableCell.class).stream()
                .anyMatch(c -> v1.shortId().equals(c.getText())));
        robot.clickOn(cell(robot, v2.shortId()));
        assertThat(fx(compare::isDisabled)).isTrue();
        assertThat(fx(rollback::isDisabled)).isFalse();
        CommitInfo first = fx(() -> view.table().getItems().get(view.table().getItems().size() - 1));
        assertThat(HistoryViewModel.stackOf(first)).isEmpty();
        fxRun(() -> view.table().getSelectionModel().clearAndSelect(view.table().getItems().size() - 1));
        assertThat(fx(rollback::isDisabled)).isTrue();

        // two versions of the stack (click, ctrl-click), then Compare by its mnemonic
        robot.clickOn(cell(robot, v2.shortId()));
        robot.press(KeyCode.CONTROL).clickOn(cell(robot, v1.shortId())).release(KeyCode.CONTROL);
        waitForFx("two picked", WAIT, () -> view.picked().size() == 2 && !compare.isDisabled());
        robot.press(KeyCode.ALT).press(KeyCode.C).release(KeyCode.C).release(KeyCode.ALT);
        waitForFx("the comparison", WAIT, () -> view.compareDialog() != null && view.compareDialog().isShowing());
        String semantic = fx(() -> robot.lookup("#compare-semantic").queryAs(TextArea.class).getText());
        assertThat(semantic).startsWith("stack ui-rollback: " + v1.shortId() + " -> " + v2.shortId() + "\n")
                .contains("0 added".replace("0", "1") + ", 0 removed, 1 changed")
                .contains("+ postgres.schema features\n")
                .contains("~ postgres.database " + db + "\n    connection_limit: 5 -> 25\n");
        List<String> generated = fx(() -> List.copyOf(robot.lookup("#compare-generated").queryAs(ListView.class).getItems()))
                .stream().map(String::valueOf).toList();
        assertThat(generated).anyMatch(l -> l.startsWith("+CREATE SCHEMA \"features\""))
                .anyMatch(l -> l.startsWith("-") && l.contains("CONNECTION LIMIT 5"))
                .anyMatch(l -> l.startsWith("+++ b/generated/postgres/ui-rollback.sql"));
        fxRun(() -> view.compareDialog().close());

        // right click on version 1, "Roll back to this version…" from the context menu
        fxRun(() -> view.getScene().getWindow().requestFocus());
        robot.clickOn(cell(robot, v1.shortId()));
        assertThat(fx(() -> view.picked())).extracting(CommitInfo::id).containsExactly(v1.id());
        robot.press(KeyCode.SHIFT).press(KeyCode.F10).release(KeyCode.F10).release(KeyCode.SHIFT);
        waitForFx("the context menu", WAIT, () -> view.table().getContextMenu().isShowing());
        waitForFx("its rollback item", WAIT, () -> menuItem(robot, "Roll back to this version…") != null);
        robot.clickOn(fx(() -> menuItem(robot, "Roll back to this version…")));
        waitForFx("the rollback dialog", WAIT, () -> robot.lookup("#rollback-dialog").tryQuery().isPresent());
        waitForFx("the plan", WAIT, () -> robot.lookup("#planSummary").queryAs(Label.class).getText().startsWith("+0 ~1 -1"));
        assertThat(fx(() -> ((ComboBox<?>) robot.lookup("#rollback-connection").queryAs(ComboBox.class)).getValue()).toString())
                .contains("local-pg");
        assertThat(fx(() -> robot.lookup("#rollback-definition").queryAs(Label.class).getText()))
                .isEqualTo("Definition: 0 added, 1 removed, 1 changed against the head");
        assertThat(fx(() -> robot.lookup("#planText").queryAs(TextArea.class).getText()))
                .contains("DROP SCHEMA").contains("CONNECTION LIMIT 5");
        Button apply = robot.lookup("#rollback-apply").queryAs(Button.class);
        assertThat(fx(apply::isDisabled)).as("destructive: refused until allowed").isTrue();
        robot.clickOn("#rollback-allow-destroy");
        assertThat(fx(() -> robot.lookup("#rollback-allow-destroy").queryAs(CheckBox.class).isSelected())).isTrue();
        waitForFx("Roll back enabled", WAIT, () -> !apply.isDisabled());
        robot.clickOn(apply);
        waitForFx("the result", WAIT, () -> robot.lookup("#rollback-result").queryAs(Label.class).getText().startsWith("Rolled back"));
        assertThat(fx(() -> robot.lookup("#rollback-result").queryAs(Label.class).getText()))
                .contains("Rolled back stack ui-rollback to " + v1.shortId() + " on local-pg.").contains("Reverts: " + v1.shortId());

        CommitInfo head;
        try (ConfigRepository repo = wb.repository()) {
            head = repo.log(1).get(0);
            assertThat(head.trailer("Reverts")).isEqualTo(v1.id());
            assertThat(head.trailer("Applied")).isEqualTo("yes");
            assertThat(repo.readStack("ui-rollback").orElseThrow()).isEqualTo(yaml(1));
            Plan again = wb.plan(wb.parseStack("ui-rollback.yaml", yaml(1)), wb.connections().require("local-pg"), repo, Progress.NONE);
            assertThat(again.hasChanges()).as(again.toText()).isFalse();
        }
        assertThat(PgTestSupport.column(db, "SELECT nspname FROM pg_namespace WHERE nspname = 'features'")).isEmpty();
        // the history reads itself again: the rollback's commit is listed
        waitForFx("the rollback listed", WAIT, () -> view.table().getItems().stream().anyMatch(c -> c.id().equals(head.id())));
    }

    @Test
    void underAPolicyTheRollbackIsProposedNotApplied(FxRobot robot) throws Exception {
        CommitInfo v1;
        try (ConfigRepository repo = wb.repository()) {
            v1 = apply(repo, 1);
            apply(repo, 2);
        }
        dev.mlpc.ui.proposals.PolicyFixture.requireOneApproval(wb, "ui-rollback");
        fxRun(view.model()::refresh);
        waitForFx("version 1 listed", WAIT, () -> robot.lookup(".table-cell").queryAllAs(TableCell.class).stream()
                .anyMatch(c -> v1.shortId().equals(c.getText())));
        robot.clickOn(cell(robot, v1.shortId()));
        Button rollback = robot.lookup("#history-rollback").queryAs(Button.class);
        waitForFx("Roll back enabled", WAIT, () -> !rollback.isDisabled());
        robot.press(KeyCode.ALT).press(KeyCode.R).release(KeyCode.R).release(KeyCode.ALT);
        waitForFx("the rollback dialog", WAIT, () -> robot.lookup("#rollback-dialog").tryQuery().isPresent());
        waitForFx("the plan", WAIT, () -> robot.lookup("#planSummary").queryAs(Label.class).getText().startsWith("+0 ~1 -1"));
        waitForFx("the approval notice", WAIT, () -> robot.lookup("#rollback-approval").queryAs(Label.class).isVisible());
        assertThat(fx(() -> robot.lookup("#rollback-approval").queryAs(Label.class).getText()))
                .startsWith("This rollback needs 1 approval under policy.yaml: it will be proposed, not applied.")
                .contains("destructive changes are allowed when the approved proposal is applied");
        Button propose = robot.lookup("#rollback-apply").queryAs(Button.class);
        assertThat(fx(propose::getText)).isEqualTo("_Propose rollback");
        assertThat(fx(() -> robot.lookup("#rollback-allow-destroy").queryAs(CheckBox.class).isDisabled()))
                .as("proposing runs nothing: no allow-destroy").isTrue();
        waitForFx("Propose enabled without the allow box", WAIT, () -> !propose.isDisabled());
        robot.clickOn(propose);
        waitForFx("the result", WAIT, () -> robot.lookup("#rollback-result").queryAs(Label.class).getText().startsWith("Proposed"));

        CommitInfo head;
        try (ConfigRepository repo = wb.repository()) {
            head = repo.log(1).get(0);
            assertThat(head.trailer("Reverts")).isEqualTo(v1.id());
            assertThat(head.trailer("Approval")).isEqualTo("required (1)");
            assertThat(head.trailer("Applied")).isEqualTo("no");
        }
        assertThat(fx(() -> robot.lookup("#rollback-result").queryAs(Label.class).getText()))
                .startsWith("Proposed " + head.shortId() + " (Reverts: " + v1.shortId() + ", Approval: required (1))")
                .contains("Proposals tab (View → Proposals, Ctrl+Shift+P)")
                .contains("mlpc apply --proposal " + head.shortId() + " --allow-destroy");
        waitForFx("nothing more to do", WAIT, () -> propose.isDisabled());
        // nothing applied live: the schema of version 2 and its connection limit are still there
        assertThat(PgTestSupport.column(db, "SELECT nspname FROM pg_namespace WHERE nspname = 'features'")).containsExactly("features");
        assertThat(PgTestSupport.column(db, "SELECT datconnlimit::text FROM pg_database WHERE datname = '" + db + "'"))
                .containsExactly("25");
        waitForFx("the proposal listed", WAIT, () -> view.table().getItems().stream().anyMatch(c -> c.id().equals(head.id())));
    }
}
