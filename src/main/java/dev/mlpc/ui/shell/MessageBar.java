package dev.mlpc.ui.shell;

import atlantafx.base.theme.Styles;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The notification bar at the top of the main window: one row per {@link UiMessage}, with its title, its details
 * (e.g. {@code file:line:col: field: reason} per line), an optional action and a close button.
 */
public final class MessageBar extends VBox {
    private final ObservableList<UiMessage> messages;

    public MessageBar(ObservableList<UiMessage> messages) {
        this.messages = messages;
        setId("message-bar");
        getStyleClass().add("message-bar");
        messages.addListener((ListChangeListener<UiMessage>) c -> rebuild());
        rebuild();
    }

    private void rebuild() {
        getChildren().clear();
        for (UiMessage m : messages) getChildren().add(row(m));
        setVisible(!messages.isEmpty());
        setManaged(!messages.isEmpty());
    }

    private HBox row(UiMessage m) {
        FontIcon icon = new FontIcon(switch (m.severity()) {
            case INFO -> Feather.INFO;
            case WARNING -> Feather.ALERT_TRIANGLE;
            case ERROR -> Feather.ALERT_OCTAGON;
        });
        icon.getStyleClass().add("message-icon");
        Label title = new Label(m.title());
        title.getStyleClass().addAll(Styles.TEXT_BOLD, "message-title");
        title.setWrapText(true);
        Label text = new Label(m.text());
        text.getStyleClass().add("message-text");
        text.setWrapText(true);
        VBox body = new VBox(2, title, text);
        HBox.setHgrow(body, Priority.ALWAYS);
        body.setMaxWidth(Double.MAX_VALUE);
        HBox row = new HBox(10, icon, body);
        row.setAlignment(Pos.TOP_LEFT);
        row.setPadding(new Insets(8, 12, 8, 12));
        row.getStyleClass().addAll("message", "message-" + m.severity().name().toLowerCase(java.util.Locale.ROOT));
        if (m.action() != null) {
            Button action = new Button(m.actionLabel());
            action.getStyleClass().addAll(Styles.SMALL, "message-action");
            action.setOnAction(e -> m.action().run());
            row.getChildren().add(action);
        }
        Button close = new Button(null, new FontIcon(Feather.X));
        close.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL, "message-close");
        close.setTooltip(new Tooltip("Dismiss"));
        close.setOnAction(e -> messages.remove(m));
        row.getChildren().add(close);
        return row;
    }
}
