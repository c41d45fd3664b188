package dev.mlpc.ui.wizard;

import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.PlanWarning;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 14, part 8: a long plan warning wraps onto more lines in the review instead of being cut with "…". */
@ExtendWith(ApplicationExtension.class)
class PlanReviewWarningsTest {
    private static final String LONG = "the role is granted USAGE on every schema of the database, including schemas"
            + " created later by other roles, which may expose tables that were never meant for the model registry";
    private PlanReview review;
    private Stage own;

    /**
     * A window of its own: the primary stage TestFX hands over is shared by the later console tests, which would
     * inherit its 360 px size (their rows then fall outside the window).
     */
    @Start
    void start(Stage primary) {
        review = new PlanReview(() -> { }, "no changes.");
        review.build();
        VBox box = new VBox(8, review.summary(), review.warnings());
        own = new Stage();
        own.setScene(new Scene(box, 360, 400));
        own.show();
    }

    @org.junit.jupiter.api.AfterEach
    void close() throws Exception {
        org.testfx.api.FxToolkit.setupFixture(() -> own.close());
    }

    @Test
    void aLongWarningWrapsWhole(FxRobot robot) {
        robot.interact(() -> review.show(new Plan("s", "postgres", List.of(),
                List.of(new PlanWarning("postgres.role", "reader", "broad-grant", LONG)), true), "offline"));
        Label l = robot.lookup("#planWarnings .label").queryAs(Label.class);
        assertThat(l.getText()).contains(LONG);
        Text shown = robot.from(l).lookup(".text").queryAs(Text.class);
        assertThat(shown.getText()).as("rendered text").isEqualTo(l.getText()).doesNotContain("…");
        assertThat(l.getHeight()).as("more than one line").isGreaterThan(3 * l.getFont().getSize());
        assertThat(l.getWidth()).isLessThanOrEqualTo(360);
        assertThat(l.getTooltip().getText()).isEqualTo(l.getText());
    }
}
