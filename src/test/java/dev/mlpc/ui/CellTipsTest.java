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

    private static TableCell<?, ?> cell(TableView<?> table, String text) {
        return table.lookupAll(".table-cell").stream().filter(n -> n instanceof TableCell<?, ?> c && text.equals(c.getText()))
                .map(n -> (TableCell<?, ?>) n).findFirst().orElse(null);
    }
}
