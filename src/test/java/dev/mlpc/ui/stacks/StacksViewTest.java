package dev.mlpc.ui.stacks;

import dev.mlpc.app.DriftPostgresFixture;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.testing.PgTestSupport;
import dev.mlpc.ui.ConsoleApp;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.shell.MainWindow;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableCell;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.mlpc.ui.UiTestKit.fx;
import static dev.mlpc.ui.UiTestKit.fxRun;
import static dev.mlpc.ui.UiTestKit.waitForFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Stacks view in the real console window against the real local PostgreSQL: opened with View → Stacks'
 * accelerator, a stack listed with its drift, planned and applied from the view (the review, then Apply), its YAML
 * edited with an error shown at its line and fixed, saved as a commit, and its history shown.
 */
class StacksViewTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final FxRobot robot = new FxRobot();
    private final PgTestSupport pg = new PgTestSupport();
    private Path home;
    private Workbench wb;
    private ConsoleApp app;
    private String db;

    @BeforeEach
    void setUp() throws Exception {
        db = pg.database("mlpc_stacks_ui");
        PgTestSupport.exec("CREATE DATABASE " + PgTestSupport.q(db));
        home = UiTestKit.tempHome();
        wb = UiTestKit.workbench(home);
        wb.connections().save(List.of(PgTestSupport.profile("local-pg")));
        DriftPostgresFixture.commit(wb, yaml("made from the stacks view"));
    }

    @AfterEach
    void tearDown() throws Exception {
        UiTestKit.closeConsole(app, home);
        pg.close();
    }

    private String yaml(String comment) {
        return """
                stack: ui-stack
                description: the Stacks view test
                target: local-pg
                resources:
                  - type: postgres.schema
                    name: from_view
                    database: %s
                    comment: %s
                """.formatted(db, comment);
    }

    private List<String> cells() {
        return fx(() -> robot.lookup("#stacks-table .table-cell").queryAllAs(TableCell.class).stream()
                .map(c -> c.getText() == null ? "" : c.getText()).toList());
    }

    @Test
    void planApplyEditAndHistoryFromTheStacksView() throws Exception {
        app = UiTestKit.openConsole(() -> wb);
        waitForFx("the main window", WAIT, () -> app.mainWindow() != null && app.mainWindow().stage().isShowing()
                && app.mainWindow().model().workbenchProperty().get() != null);
        MainWindow w = app.mainWindow();
        fxRun(() -> w.stage().requestFocus());

        // View → Stacks by its accelerator
        robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.K);
        waitForFx("the Stacks tab", WAIT, () -> "tab-stacks".equals(w.tabs().getSelectionModel().getSelectedItem().getId()));
        StacksView view = fx(w::stacksView);
        waitForFx("the stack and its drift", WAIT, () -> cells().contains("1 change"));
        assertThat(cells()).contains("ui-stack", "postgres", "local-pg", "no");

        // Apply…: the review plans against the target, then Apply runs the reviewed plan
        fxRun(() -> view.table().getSelectionModel().select(0));
        robot.clickOn("#stack-apply");
        waitForFx("the review dialog", WAIT, () -> view.lastReview() != null && view.lastReview().review().plan().get() != null);
        StackReviewDialog review = view.lastReview();
        assertThat(fx(() -> lookup(review, "#planSummary", Label.class).getText())).contains("1 to create");
        assertThat(fx(() -> lookup(review, "#sqlText", TextArea.class).getText())).contains("CREATE SCHEMA");
        assertThat(fx(() -> lookup(review, "#yamlText", TextArea.class).getText())).contains("target: local-pg");
        robot.clickOn(fx(() -> lookup(review, "#applyStack", Button.class)));
        waitForFx("the apply's result", WAIT, review::appliedOnce);
        assertThat(fx(() -> lookup(review, "#resultStatus", Label.class).getText())).startsWith("Applied 2 statements.")
                .contains("Recorded as commit");
        assertThat(PgTestSupport.column(db, "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = 'from_view'"))
                .containsExactly("made from the stacks view");
        // the reviewed plan is spent: Apply says "Applied" and stays off, "Plan again" is offered; messages wrap
        Button applyButton = fx(() -> lookup(review, "#applyStack", Button.class));
        assertThat(fx(applyButton::isDisabled)).isTrue();
        assertThat(fx(applyButton::getText)).isEqualTo("Applied");
        assertThat(fx(() -> lookup(review, "#replan", Button.class).isVisible())).isTrue();
        assertThat(fx(() -> lookup(review, "#resultStatus", Label.class).isWrapText())).isTrue();
        // one "Plan again" in the dialog, not two
        assertThat(fx(() -> review.stage().getScene().getRoot().lookupAll(".button").stream()
                .filter(n -> n.isVisible() && ((Button) n).getText().replace("_", "").equals("Plan again")).count()))
                .isEqualTo(1);
        robot.clickOn(fx(() -> lookup(review, "#replan", Button.class)));
        waitForFx("the plan again: nothing to do", WAIT, () -> !review.review().planning().get()
                && review.review().plan().get() != null && !review.appliedOnce());
        assertThat(fx(applyButton::getText)).isEqualTo("_Apply to local-pg");
        robot.clickOn(fx(() -> lookup(review, "#closeReview", Button.class)));
        waitForFx("applied and in sync", WAIT, () -> cells().contains("in sync") && cells().contains("yes"));

        // Ctrl+D checks drift again: the selection stays on the stack, its actions stay on
        fxRun(() -> view.table().getSelectionModel().select(0));
        fxRun(() -> view.table().requestFocus());
        robot.push(KeyCode.CONTROL, KeyCode.D);
        waitForFx("the drift check ran", WAIT, () -> !view.model().checkingProperty().get()
                && view.model().lastDriftProperty().get() != null && cells().contains("in sync"));
        assertThat(fx(() -> view.table().getSelectionModel().getSelectedItem() == null ? null
                : view.table().getSelectionModel().getSelectedItem().name())).isEqualTo("ui-stack");
        assertThat(fx(() -> view.model().selectedProperty().get().name())).isEqualTo("ui-stack");
        assertThat(fx(() -> robot.lookup("#stack-plan").queryButton().isDisabled())).isFalse();
        // at 1280×800 every cell but the last commit's subject is whole ("Last commit" in its own columns: the
        // subject takes what is left, its text as a tooltip when cut), and no empty filler column shows
        assertThat(fx(() -> w.stage().getScene().getWidth())).isEqualTo(1280);
        try {
            waitForFx("the stacks table's cells whole", Duration.ofSeconds(10), () -> dev.mlpc.ui.TableFitAudit.cutCells(view.table())
                    .stream().allMatch(c -> c.startsWith("Subject:")) && dev.mlpc.ui.TableFitAudit.filler(view.table()) < 2);
        } catch (AssertionError e) {
            // the assertions below say what is cut
        }
        assertThat(fx(() -> dev.mlpc.ui.TableFitAudit.cutCells(view.table()))).allMatch(c -> c.startsWith("Subject:"));
        assertThat(fx(() -> dev.mlpc.ui.TableFitAudit.filler(view.table()))).isLessThan(2);

        // Edit YAML…: an error is listed with its line, the click goes there; fixed, Save commits Applied: no
        fxRun(() -> view.table().getSelectionModel().select(0));
        fxRun(() -> view.table().requestFocus());
        robot.push(KeyCode.CONTROL, KeyCode.E);
        waitForFx("the editor", WAIT, () -> view.lastEditor() != null && view.lastEditor().stage().isShowing()
                && !view.lastEditor().validatingProperty().get());
        StackEditor editor = view.lastEditor();
        assertThat(fx(() -> editor.problems().isEmpty())).isTrue();
        fxRun(() -> editor.editor().setText(yaml("edited").replace("    comment:", "    coment:")));
        waitForFx("the problem", WAIT, () -> !editor.validatingProperty().get() && !editor.problems().isEmpty());
        Problem p = fx(() -> editor.problems().get(0));
        assertThat(p.location().line()).isEqualTo(8);
        assertThat(p.field()).contains("coment");
        waitForFx("the problem's row drawn", WAIT, () -> problemCell(editor) != null);
        ListCell<?> cell = fx(() -> problemCell(editor));
        assertThat(fx(() -> lookup(editor, "#saveStack", Button.class).isDisabled())).isTrue();
        robot.clickOn(cell);
        waitForFx("the caret on line 8", WAIT, () -> {
            TextArea t = editor.editor();
            return t.isFocused() && t.getText().substring(0, t.getCaretPosition()).split("\n", -1).length == 8;
        });
        fxRun(() -> editor.editor().setText(yaml("edited in the console")));
        waitForFx("no problem", WAIT, () -> !editor.validatingProperty().get() && editor.problems().isEmpty()
                && !lookup(editor, "#saveStack", Button.class).isDisabled());
        robot.clickOn(fx(() -> lookup(editor, "#saveStack", Button.class)));
        waitForFx("the commit", WAIT, () -> lookup(editor, "#saveStatus", Label.class).getText().startsWith("Committed"));
        CommitInfo head;
        try (ConfigRepository repo = wb.repository()) {
            assertThat(repo.readStack("ui-stack")).contains(yaml("edited in the console"));
            head = repo.log(1).get(0);
        }
        assertThat(head.trailer("Applied")).isEqualTo("no");
        assertThat(fx(editor::isDirty)).isFalse();
        // unsaved changes: Close asks, its buttons say "Discard" and "Keep editing"; Keep editing keeps the editor
        fxRun(() -> editor.editor().appendText("# not saved\n"));
        waitForFx("dirty", WAIT, editor::isDirty);
        robot.clickOn(fx(() -> lookup(editor, "#closeEditor", Button.class)));
        waitForFx("the discard dialog", WAIT, () -> editor.lastDiscardDialog() != null && editor.lastDiscardDialog().isShowing());
        javafx.scene.control.Alert discard = editor.lastDiscardDialog();
        assertThat(fx(() -> discard.getButtonTypes().stream().map(javafx.scene.control.ButtonType::getText).toList()))
                .containsExactly("Discard", "Keep editing");
        robot.clickOn(fx(() -> (Button) discard.getDialogPane().lookupButton(StackEditor.KEEP_EDITING)));
        waitForFx("the dialog closed", WAIT, () -> !discard.isShowing());
        assertThat(fx(() -> editor.stage().isShowing())).isTrue();
        robot.clickOn(fx(() -> lookup(editor, "#closeEditor", Button.class)));
        waitForFx("the discard dialog again", WAIT, () -> editor.lastDiscardDialog() != discard
                && editor.lastDiscardDialog().isShowing());
        robot.clickOn(fx(() -> (Button) editor.lastDiscardDialog().getDialogPane().lookupButton(StackEditor.DISCARD)));
        waitForFx("the editor closed and the drift of the new version", WAIT, () -> !editor.stage().isShowing()
                && cells().contains("1 change") && cells().contains("no"));

        // History: the History tab, filtered to the stack
        fxRun(() -> view.table().getSelectionModel().select(0));
        robot.clickOn("#stack-history");
        waitForFx("the stack's history", WAIT, () -> "tab-history".equals(w.tabs().getSelectionModel().getSelectedItem().getId())
                && "ui-stack".equals(w.model().history().stackFilterProperty().get())
                && w.historyView().table().getItems().size() == 3);
        assertThat(fx(() -> w.historyView().table().getItems().stream().map(c -> c.trailer("Stack")).distinct().toList()))
                .containsExactly("ui-stack");
        assertThat(fx(() -> w.historyView().table().getItems().get(0).id())).isEqualTo(head.id());
    }

    private static ListCell<?> problemCell(StackEditor editor) {
        return editor.stage().getScene().getRoot().lookupAll(".list-cell").stream().map(n -> (ListCell<?>) n)
                .filter(c -> c.getText() != null && c.getText().startsWith("8:")).findFirst().orElse(null);
    }

    private static <T> T lookup(StackReviewDialog d, String id, Class<T> type) {
        return type.cast(d.stage().getScene().getRoot().lookup(id));
    }

    private static <T> T lookup(StackEditor e, String id, Class<T> type) {
        return type.cast(e.stage().getScene().getRoot().lookup(id));
    }
}
