package dev.mlpc.ui.wizard;

import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.ui.UiErrors;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The connection choice every wizard's first page has: "Offline" plus the profiles of the wizard's provider, kept in
 * step with the model's connection property both ways, and a message under it when the profiles cannot be read (then
 * only offline is offered). Ids: {@code #connection}, {@code #connectionError}. Build it on the FX thread.
 */
public final class ConnectionPicker {
    /** An entry of the combo box: a profile, or offline when {@code profile} is null. */
    private record Choice(ConnectionProfile profile, String detail) {
        @Override
        public String toString() {
            if (profile == null) return "Offline (no connection — plan assumes nothing exists)";
            return profile.name() + (detail == null ? "" : "  —  " + detail);
        }
    }

    private final ObjectProperty<ConnectionProfile> connection;
    private final Function<ConnectionProfile, String> detail;
    private final boolean preferFirst;
    private final ComboBox<Choice> box = new ComboBox<>();
    private final Label error = Forms.danger(new Label());
    private final StringProperty problem = new SimpleStringProperty(this, "problem", "");
    private final VBox field = new VBox(2, box, error);
    /** True once the user picked an entry: a reload of the profiles then keeps that choice. */
    private boolean touched;

    /**
     * @param connection  the model's connection (null: offline), changed when the user picks an entry and followed
     *                    when the model changes it
     * @param detail      what follows a profile's name in the list (e.g. its URL or account), or null for nothing
     * @param preferFirst select the first profile when the profiles arrive and the user has not picked yet
     */
    public ConnectionPicker(ObjectProperty<ConnectionProfile> connection, Function<ConnectionProfile, String> detail,
                            boolean preferFirst) {
        this.connection = Objects.requireNonNull(connection);
        this.detail = Objects.requireNonNull(detail);
        this.preferFirst = preferFirst;
        box.setId("connection");
        box.setMaxWidth(Double.MAX_VALUE);
        box.getItems().setAll(new Choice(null, null));
        box.setValue(box.getItems().get(0));
        box.valueProperty().addListener((o, was, now) -> {
            if (now != null && !Objects.equals(now.profile(), connection.get())) {
                touched = true;
                connection.set(now.profile());
            }
        });
        connection.addListener((o, was, now) -> select(now));
        error.setId("connectionError");
        error.textProperty().bind(problem);
        error.visibleProperty().bind(problem.isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
    }

    /** The combo box (for a label's mnemonic). */
    public ComboBox<?> box() { return box; }

    /** The combo box with the message under it. */
    public Node field() { return field; }

    /** Offers offline plus {@code profiles}, keeping the user's choice (or taking the first with {@code preferFirst}). */
    public void setProfiles(List<ConnectionProfile> profiles) {
        List<Choice> choices = new ArrayList<>();
        choices.add(new Choice(null, null));
        profiles.forEach(p -> choices.add(new Choice(p, detail.apply(p))));
        Choice selected = box.getValue();
        box.getItems().setAll(choices);
        if (!touched && preferFirst && !profiles.isEmpty()) connection.set(profiles.get(0));
        else select(touched && selected != null ? selected.profile() : connection.get());
        problem.set("");
    }

    /** The profiles could not be read: only offline stays, with the reason under the box. */
    public void showLoadError(Throwable e) {
        problem.set("The connections cannot be read, so only offline is offered: " + UiErrors.message(e));
    }

    private void select(ConnectionProfile profile) {
        for (Choice c : box.getItems()) {
            if (Objects.equals(c.profile(), profile)) {
                if (!Objects.equals(box.getValue(), c)) box.setValue(c);
                return;
            }
        }
    }
}
