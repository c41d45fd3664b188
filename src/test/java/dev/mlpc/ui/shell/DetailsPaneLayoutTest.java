package dev.mlpc.ui.shell;

import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.ui.UiTestKit;
import dev.mlpc.ui.tree.TreeEntry;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The details pane shows every key in full: long values wrap, keys are never cut to an ellipsis. */
class DetailsPaneLayoutTest {

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void longKeysBesideLongValuesAreShownWhole() throws Exception {
        FxToolkit.registerPrimaryStage();
        Map<String, Object> details = new LinkedHashMap<>();
        String id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/fl-rg/providers/Microsoft.DataShare"
                + "/accounts/account-001/shares/share-001/dataSets/dataset-002";
        details.put("path", id);
        details.put("storage_account_name", "seedstorage");
        details.put("account_resource_group", "fl-rg");
        details.put("synchronization_setting_kind", "ScheduleBased");
        LiveNode node = new LiveNode(id, "dataset-002 (Container)", "dataset", true, null, details);
        ConnectionProfile p = new ConnectionProfile("fl-azure", "datashare", Map.of());
        List<String> cut = UiTestKit.fx(() -> {
            DetailsPane pane = new DetailsPane();
            Stage stage = new Stage();
            stage.setScene(new Scene(pane, 620, 500));
            stage.show();
            pane.show(TreeEntry.node(p, node));
            pane.applyCss();
            pane.layout();
            List<String> out = new ArrayList<>();
            for (Node n : pane.lookupAll(".details-key")) {
                Label l = (Label) n;
                Text shown = (Text) l.lookup(".text");
                if (shown != null && !shown.getText().equals(l.getText())) out.add(l.getText() + " shown as " + shown.getText());
            }
            return out;
        });
        assertThat(cut).isEmpty();
    }
}
