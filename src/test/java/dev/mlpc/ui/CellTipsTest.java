package dev.mlpc.ui;

import javafx.beans.property.SimpleStringProperty;
import javafx.scene.Scene;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

import java.time.Duration;
import java.util.List;

import static dev.mlpc.ui.UiTestKit.fx;
import static dev.mlpc.ui.UiTestKit.fxRun;
import static dev.mlpc.ui.UiTestKit.waitForFx;
import static org.assertj.core.api.Assertions.assertThat;

/** A table cell too narrow for its text shows it whole as a tooltip; a header title too long widens its column. */
class CellTipsTest {
    private static final String LONG = "Initialise the config repository with a commit message far wider than its column";
    private Stage stage;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() {
        if (stage != null) fxRun(stage::close);
    }

    @Test
    void cutCellGetsItsTextAsTooltipAndLosesItWhenItFits() {
        TableView<String> table = fx(() -> {
            TableView<String> t = CellTips.install(new TableView<String>());
            TableColumn<String, String> message = new TableColumn<>("Message");
            message.setCellValueFactory(c -> new SimpleStringProperty(c.getValue()));
            message.setPrefWidth(120);
            TableColumn<String, String> who = new TableColumn<>("Database user of the event");
            who.setCellValueFactory(c -> new SimpleStringProperty("ada"));
            who.setPrefWidth(40);
            t.getColumns().addAll(List.of(message, who));
            t.getItems().setAll(LONG, "short");
            t.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
            stage = new Stage();   // a stage of the test's own
            stage.setScene(new Scene(new StackPane(t), 600, 200));
            Theme.style(stage.getScene());
            stage.show();
            return t;
        });
        waitForFx("the long cell's tooltip", Duration.ofSeconds(10), () -> cell(table, LONG) != null
                && cell(table, LONG).getTooltip() != null);
        assertThat(fx(() -> cell(table, LONG).getTooltip().getText())).isEqualTo(LONG);
        assertThat(fx(() -> cell(table, "short").getTooltip())).as("a cell that fits").isNull();
        assertThat(fx(() -> LayoutAudit.clipped(table))).as("headers and cells").isEmpty();
        assertThat(fx(() -> table.getColumns().get(1).getWidth())).as("the header's column").isGreaterThan(40);

        fxRun(() -> table.getColumns().get(0).setPrefWidth(900));
        waitForFx("the tooltip gone once the text fits", Duration.ofSeconds(10), () -> cell(table, LONG).getTooltip() == null);
    }

    /**
     * Review 2: History's Author and Subject, the Stacks view's Drift, the registry's Created by were cut while empty
     * columns kept their room. Fitted, a constrained table with room to spare cuts nothing; with too little room the
     * narrow columns keep their width and the wide ones share the rest.
     */
    @Test
    void fittedColumnsAreNotCutWhileTheTableHasRoom() {
        String author = "Ada Lovelace (ada@example.org)";
        String subject = "Apply stack ml-backend to production (plan 3f9a2c1)";
        TableView<String[]> table = fx(() -> {
            TableView<String[]> t = CellTips.fitColumns(CellTips.install(new TableView<String[]>()));
            t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
            String[] titles = {"Commit", "Author", "Plan", "Applied", "Subject"};
            double[] widths = {78, 120, 100, 80, 200};
            for (int i = 0; i < titles.length; i++) {
                int k = i;
                TableColumn<String[], String> c = new TableColumn<>(titles[i]);
                c.setCellValueFactory(x -> new SimpleStringProperty(x.getValue()[k]));
                c.setPrefWidth(widths[i]);
                c.setMinWidth(widths[i]);
                t.getColumns().add(c);
            }
            t.getItems().setAll(List.<String[]>of(new String[]{"3f9a2c1", author, "", "", subject},
                    new String[]{"77b01de", "ci", "", "", "Initial commit"}));
            stage = new Stage();   // a stage of the test's own
            stage.setScene(new Scene(new StackPane(t), 1100, 200));
            Theme.style(stage.getScene());
            stage.show();
            return t;
        });
        waitForFx("nothing cut", Duration.ofSeconds(10), () -> whole(table, author) && whole(table, subject)
                && whole(table, "3f9a2c1") && whole(table, "Initial commit"));
        assertThat(fx(() -> LayoutAudit.clipped(table))).isEmpty();
        assertThat(fx(() -> table.getColumns().get(2).getWidth())).as("the empty Plan column gave its room").isLessThan(100);

        // too narrow for everything: the short columns keep their need, the long ones share the rest (with tooltips)
        fxRun(() -> stage.setWidth(420));
        waitForFx("Author and Subject shared", Duration.ofSeconds(10), () -> !whole(table, author) && !whole(table, subject));
        assertThat(fx(() -> whole(table, "3f9a2c1"))).as("the short Commit column still shows its text").isTrue();
        waitForFx("the cut Author cell's tooltip", Duration.ofSeconds(10), () -> cell(table, author) != null
                && cell(table, author).getTooltip() != null);
    }

    private static boolean whole(TableView<?> table, String text) {
        TableCell<?, ?> c = cell(table, text);
        return c != null && text.equals(LayoutAudit.shownText(c));
    }

    @Test
    void shareGivesNarrowNeedsFirstAndSplitsTheRest() {
        assertThat(CellTips.share(new double[]{50, 300, 60}, 1000)).containsExactly(50, 300, 60);
        assertThat(CellTips.share(new double[]{50, 300, 400, 60}, 510)).containsExactly(50, 200, 200, 60);
    }

    private static TableCell<?, ?> cell(TableView<?> table, String text) {
        return table.lookupAll(".table-cell").stream().filter(n -> n instanceof TableCell<?, ?> c && text.equals(c.getText()))
                .map(n -> (TableCell<?, ?>) n).findFirst().orElse(null);
    }
}
