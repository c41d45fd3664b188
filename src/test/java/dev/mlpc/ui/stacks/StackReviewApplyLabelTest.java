package dev.mlpc.ui.stacks;

import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.layout.StackPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

import java.time.Duration;

import static dev.mlpc.ui.UiTestKit.fx;
import static dev.mlpc.ui.UiTestKit.fxRun;
import static dev.mlpc.ui.UiTestKit.waitForFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The review dialog's Apply button names the connection as written: an underscore in the name shows (mnemonic parsing
 * would otherwise take it for a mnemonic and drop it), and the mnemonic stays on the A.
 */
class StackReviewApplyLabelTest {
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
    void anUnderscoreInTheConnectionNameShowsAndTheMnemonicStaysOnA() {
        Button apply = fx(() -> {
            Button b = new Button(StackReviewDialog.applyLabel("ml_pg_prod"));
            b.setMnemonicParsing(true);
            stage = new Stage();
            stage.setScene(new Scene(new StackPane(b), 400, 100));
            stage.show();
            return b;
        });
        waitForFx("the button drawn", Duration.ofSeconds(10), () -> apply.lookup(".text") != null);
        assertThat(fx(() -> ((Text) apply.lookup(".text")).getText())).isEqualTo("Apply to ml_pg_prod");
        assertThat(fx(() -> apply.isMnemonicParsing())).isTrue();
        assertThat(StackReviewDialog.applyLabel(null)).isEqualTo("_Apply to …");
    }
}
