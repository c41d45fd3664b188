package dev.mlpc.ui.wizard.snowflake;

import dev.mlpc.ui.LayoutAudit;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Scene;
import javafx.scene.control.CheckBox;
import javafx.scene.layout.VBox;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

import java.util.List;

import static dev.mlpc.ui.UiTestKit.fx;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 14, part 8: the wizards' check boxes take mnemonics; only a text that must show '_' is taken literally. */
class SfWizardCheckBoxTest {
    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void checkParsesTheMnemonicAndLiteralCheckShowsTheUnderscore() {
        List<Object> r = fx(() -> {
            CheckBox mnemonic = SfWizard.check("t", "Create the _translators", new SimpleBooleanProperty());
            CheckBox literal = SfWizard.literalCheck("rg", "Create a datashare.resource_group", new SimpleBooleanProperty());
            VBox root = new VBox(mnemonic, literal);
            Scene scene = new Scene(root, 600, 200);
            root.applyCss();
            root.layout();
            // the key the skin registers the check box under (Alt+T), whatever the combination's class
            List<String> keys = scene.getMnemonics().entrySet().stream()
                    .filter(e -> e.getValue().stream().anyMatch(m -> m.getNode() == mnemonic))
                    .map(e -> e.getKey().getName()).toList();
            return List.of(mnemonic.isMnemonicParsing(), LayoutAudit.shownText(mnemonic), literal.isMnemonicParsing(),
                    LayoutAudit.shownText(literal), keys);
        });
        assertThat(r.get(0)).isEqualTo(true);
        assertThat(r.get(1)).as("shown text of the mnemonic check box").isEqualTo("Create the translators");
        assertThat(r.get(2)).isEqualTo(false);
        assertThat(r.get(3)).as("shown text of the literal check box").isEqualTo("Create a datashare.resource_group");
        assertThat(r.get(4)).as("mnemonics registered for the check box").isEqualTo(List.of("Alt+'t'"));
    }
}
