package dev.mlpc.ui.history;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.ui.Theme;
import dev.mlpc.ui.UiExecutor;
import dev.mlpc.ui.UiTestKit;
import javafx.scene.Scene;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableCell;
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

/** The history view over a real config repository with two stack commits made through the workbench. */
@ExtendWith(ApplicationExtension.class)
class HistoryViewTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Path home;
    private Workbench wb;
    private UiExecutor executor;
    private HistoryView view;

    @Start
    void start(Stage stage) throws Exception {
        home = UiTestKit.tempHome();
        wb = UiTestKit.workbench(home);
        executor = UiExecutor.create();
        view = new HistoryView(new HistoryViewModel(wb::repository, executor));
        Scene scene = new Scene(view, 1100, 700);
        Theme.style(scene);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void tearDown() {
        fxRun(view.model()::dispose);
        executor.shutdown(Duration.ofSeconds(2));
        UiTestKit.deleteTree(home);
    }

    private static String stackYaml(int connectionLimit) {
        return """
                stack: ui-history
                description: a small registry backend for the history view test
                resources:
                  - type: postgres.role
                    name: ui_hist_owner
                    login: false
                  - type: postgres.database
                    name: ui_hist_db
                    owner: ui_hist_owner
                    connection_limit: %d
                    comment: history view test
                """.formatted(connectionLimit);
    }

    private CommitInfo commit(ConfigRepository repo, String yaml, String message) throws Exception {
        Stack s = wb.parseStack("ui-history.yaml", yaml);
        Plan p = wb.offlinePlan(s);
        return wb.commit(s, yaml, p, repo, message, "no", null, null);
    }

    @Test
    void listsCommitsWithTrailersAndShowsTheDiffOfTheSelectedOne(FxRobot robot) throws Exception {
        CommitInfo first;
        CommitInfo second;
        try (ConfigRepository repo = wb.repository()) {
            first = commit(repo, stackYaml(5), "Add the history test stack");
            second = commit(repo, stackYaml(25), "Raise the connection limit");
        }
        fxRun(view.model()::refresh);
        waitForFx("three commits (the repository's first one and ours)", WAIT, () -> view.table().getItems().size() == 3);

        List<String> subjects = fx(() -> view.table().getItems().stream().map(CommitInfo::subject).toList());
        assertThat(subjects.get(0)).isEqualTo("Raise the connection limit");
        assertThat(subjects.get(1)).isEqualTo("Add the history test stack");
        assertThat(fx(() -> view.table().getItems().get(0).id())).isEqualTo(second.id());

        // the trailer columns are drawn in the table
        waitForFx("table cells", WAIT, () -> cellTexts(robot).contains(second.shortId()));
        List<String> cells = fx(() -> cellTexts(robot));
        assertThat(cells).contains(second.shortId(), first.shortId(), "ui-history", "no", second.trailer("Plan"));
        assertThat(second.trailer("Plan")).matches("\\+\\d+ ~\\d+ -\\d+");

        // select the newest commit: full message, trailers and the diff with coloured added lines
        robot.clickOn(cellWithText(robot, second.shortId()));
        waitForFx("the diff", WAIT, () -> !view.diffList().getItems().isEmpty() && !view.model().diffLoadingProperty().get());
        assertThat(fx(() -> view.messageArea().getText())).contains("Raise the connection limit").contains("Stack: ui-history")
                .contains("Plan-Sha256:");
        List<String> diff = fx(() -> List.copyOf(view.diffList().getItems()));
        assertThat(diff).anyMatch(l -> l.startsWith("+") && l.contains("connection_limit: 25"));
        assertThat(diff).anyMatch(l -> l.startsWith("-") && l.contains("connection_limit: 5"));
        assertThat(diff).anyMatch(l -> l.startsWith("diff --git") && l.contains("stacks/ui-history.yaml"));
        waitForFx("coloured added lines", WAIT, () -> robot.lookup(".diff-view .diff-add").queryAllAs(ListCell.class).stream()
                .anyMatch(c -> c.getText() != null && c.getText().startsWith("+")));
        assertThat(fx(() -> robot.lookup(".diff-view .diff-del").queryAllAs(ListCell.class).stream()
                .allMatch(c -> c.getText().startsWith("-")))).isTrue();
        String trailers = fx(() -> robot.lookup("#history-trailers .label").queryAllAs(javafx.scene.control.Label.class)
                .stream().map(javafx.scene.control.Label::getText).toList().toString());
        assertThat(trailers).contains("Stack", "ui-history", "Plan", second.trailer("Plan"), "Applied", "Plan-Sha256");

        // a commit made later shows up after a refresh, and the selection stays
        try (ConfigRepository repo = wb.repository()) {
            commit(repo, stackYaml(30), "Raise it again");
        }
        fxRun(view.model()::refresh);
        waitForFx("four commits", WAIT, () -> view.table().getItems().size() == 4);
        assertThat(fx(() -> view.model().selectedProperty().get().id())).isEqualTo(second.id());
    }

    private static List<String> cellTexts(FxRobot robot) {
        return robot.lookup("#history-table .table-cell").queryAllAs(TableCell.class).stream()
                .map(c -> c.getText() == null ? "" : c.getText()).toList();
    }

    private static TableCell<?, ?> cellWithText(FxRobot robot, String text) {
        return fx(() -> robot.lookup("#history-table .table-cell").queryAllAs(TableCell.class).stream()
                .filter(c -> text.equals(c.getText())).findFirst().orElseThrow());
    }
}
