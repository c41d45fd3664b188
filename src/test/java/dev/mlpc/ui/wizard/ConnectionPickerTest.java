package dev.mlpc.ui.wizard;

import dev.mlpc.core.provider.ConnectionProfile;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The wizards' connection choice: offline first, the model followed both ways, a user's pick kept across reloads. */
@ExtendWith(ApplicationExtension.class)
class ConnectionPickerTest {
    private static final ConnectionProfile A = new ConnectionProfile("a", "postgres", Map.of("url", "jdbc:postgresql://h/a"));
    private static final ConnectionProfile B = new ConnectionProfile("b", "postgres", Map.of());

    private static String shown(ConnectionPicker p) {
        return String.valueOf(p.box().getValue());
    }

    @Test
    void preferFirstTakesTheFirstProfileUntilTheUserPicks(FxRobot robot) {
        ObjectProperty<ConnectionProfile> connection = new SimpleObjectProperty<>();
        AtomicReference<ConnectionPicker> picker = new AtomicReference<>();
        robot.interact(() -> {
            ConnectionPicker p = new ConnectionPicker(connection, c -> c.setting("url"), true);
            picker.set(p);
            assertThat(shown(p)).startsWith("Offline");
            p.setProfiles(List.of(A, B));
            assertThat(connection.get()).isEqualTo(A);
            assertThat(shown(p)).isEqualTo("a  —  jdbc:postgresql://h/a");
            @SuppressWarnings("unchecked")
            ComboBox<Object> box = (ComboBox<Object>) p.box();
            box.setValue(box.getItems().get(2)); // the user picks b
            assertThat(connection.get()).isEqualTo(B);
            p.setProfiles(List.of(A, B)); // a reload keeps the pick
            assertThat(connection.get()).isEqualTo(B);
            assertThat(shown(p)).isEqualTo("b");
            connection.set(null); // the model goes offline: so does the box
            assertThat(shown(p)).startsWith("Offline");
        });
    }

    @Test
    void withoutPreferFirstItStaysOfflineAndALoadErrorIsShown(FxRobot robot) throws IOException {
        ObjectProperty<ConnectionProfile> connection = new SimpleObjectProperty<>();
        robot.interact(() -> {
            ConnectionPicker p = new ConnectionPicker(connection, c -> null, false);
            p.setProfiles(List.of(A));
            assertThat(connection.get()).isNull();
            assertThat(shown(p)).startsWith("Offline");
            assertThat(p.box().getItems()).hasSize(2);

            p.showLoadError(new IOException("connections.yaml: line 3: bad indentation"));
            Label error = (Label) ((VBox) p.field()).getChildren().get(1);
            assertThat(error.getId()).isEqualTo("connectionError");
            assertThat(error.isVisible()).isTrue();
            assertThat(error.getText()).startsWith("The connections cannot be read, so only offline is offered: ")
                    .contains("bad indentation");
            p.setProfiles(List.of(A));
            assertThat(error.isVisible()).isFalse();
        });
    }
}
