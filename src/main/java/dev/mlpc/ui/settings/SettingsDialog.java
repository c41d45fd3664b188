package dev.mlpc.ui.settings;

import atlantafx.base.theme.Styles;
import dev.mlpc.app.Workbench;
import dev.mlpc.ui.UiExecutor;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings dialog: connection profiles (add / edit / remove PostgreSQL connections, test them) and the commit
 * author. Each field shows its validation message right below it as the user types. The password field takes only a
 * secret reference; a typed password is offered to be stored in the keychain and only its reference is saved.
 */
public final class SettingsDialog {
    private final SettingsViewModel model;
    private final Stage stage = new Stage();
    private final ListView<ConnectionForm> list = new ListView<>();
    private final TextField name = new TextField();
    private final Label type = new Label();
    private final TextField url = new TextField();
    private final TextField user = new TextField();
    private final PasswordField passwordMasked = new PasswordField();
    private final TextField passwordPlain = new TextField();
    private final ToggleButton reveal = new ToggleButton(null, new FontIcon(Feather.EYE));
    private final Label nameError = errorLabel("name-error");
    private final Label urlError = errorLabel("url-error");
    private final Label userError = errorLabel("user-error");
    private final Label passwordError = errorLabel("password-error");
    private final Hyperlink storeLink = new Hyperlink("Store it in the keychain instead");
    private final Button test = new Button("Test connection", new FontIcon(Feather.ZAP));
    private final Button cancelTest = new Button("Cancel");
    private final ProgressIndicator testSpinner = new ProgressIndicator();
    private final Label testResult = new Label();
    private final Label readOnlyNote = new Label("Only PostgreSQL connections are edited here; this one is kept as it is in connections.yaml.");
    private final List<Runnable> unbind = new ArrayList<>();
    private final GridPane form = new GridPane();
    private Runnable onSaved = () -> { };

    public SettingsDialog(Workbench workbench, UiExecutor executor) {
        this.model = new SettingsViewModel(workbench, executor);
        stage.setTitle("Settings");
        stage.setScene(new Scene(build(), 860, 560));
        stage.getScene().addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                close();
                e.consume();
            }
        });
        stage.setOnHidden(e -> model.cancelAllTests());
        model.selectedProperty().addListener((o, a, b) -> bindForm(b));
        bindForm(null);
    }

    /** The view model (tests drive and inspect it). */
    public SettingsViewModel model() { return model; }

    /** The dialog's window. */
    public Stage stage() { return stage; }

    /** Shows the dialog owned by {@code owner} (modal to it) and loads the current settings. */
    public void show(Window owner, Runnable onSaved) {
        this.onSaved = onSaved == null ? () -> { } : onSaved;
        if (owner != null && stage.getOwner() == null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
            if (owner.getScene() != null) stage.getScene().getStylesheets().setAll(owner.getScene().getStylesheets());
            if (owner.getScene() != null && owner.getScene().getRoot() != null) {
                stage.getScene().getRoot().getStyleClass().addAll(owner.getScene().getRoot().getStyleClass().stream()
                        .filter(c -> c.startsWith("theme-")).toList());
            }
        }
        stage.show();
        model.load();
    }

    private void close() {
        model.cancelAllTests();
        stage.close();
    }

    private BorderPane build() {
        TabPane tabs = new TabPane(new Tab("Connections", connectionsTab()), new Tab("Author", authorTab()));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("settings-tabs");

        Label problems = new Label();
        problems.setId("settings-problems");
        problems.getStyleClass().addAll(Styles.DANGER, "settings-problems");
        problems.setWrapText(true);
        problems.textProperty().bind(Bindings.createStringBinding(() -> String.join("\n", model.problems()), model.problems()));
        problems.visibleProperty().bind(Bindings.isNotEmpty(model.problems()));
        problems.managedProperty().bind(problems.visibleProperty());
        Label notice = new Label();
        notice.setId("settings-notice");
        notice.getStyleClass().add(Styles.ACCENT);
        notice.setWrapText(true);
        notice.textProperty().bind(model.noticeProperty());
        notice.visibleProperty().bind(model.noticeProperty().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());

        Button save = new Button("Save");
        save.setId("settings-save");
        save.setDefaultButton(true);
        save.getStyleClass().add(Styles.ACCENT);
        save.disableProperty().bind(model.busyProperty().or(model.loadedProperty().not()));
        save.setOnAction(e -> save());
        Button cancel = new Button("Cancel");
        cancel.setId("settings-cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> close());
        ButtonBar.setButtonData(save, ButtonBar.ButtonData.OK_DONE);
        ButtonBar.setButtonData(cancel, ButtonBar.ButtonData.CANCEL_CLOSE);
        ButtonBar buttons = new ButtonBar();
        buttons.getButtons().addAll(save, cancel);
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(model.busyProperty());
        HBox bottomRow = new HBox(10, busy, buttons);
        HBox.setHgrow(buttons, Priority.ALWAYS);
        bottomRow.setAlignment(Pos.CENTER_RIGHT);
        VBox bottom = new VBox(8, notice, problems, bottomRow);
        bottom.setPadding(new Insets(10, 14, 14, 14));

        BorderPane root = new BorderPane(tabs);
        root.setBottom(bottom);
        root.getStyleClass().add("settings-dialog");
        return root;
    }

    private Node connectionsTab() {
        Label brokenFile = new Label();
        brokenFile.setId("connections-error");
        brokenFile.getStyleClass().addAll(Styles.DANGER, "connections-error");
        brokenFile.setWrapText(true);
        brokenFile.textProperty().bind(model.connectionsErrorProperty());
        brokenFile.visibleProperty().bind(model.connectionsErrorProperty().isNotEmpty());
        brokenFile.managedProperty().bind(brokenFile.visibleProperty());

        list.setId("connection-list");
        list.setItems(model.forms());
        list.setPrefWidth(210);
        list.setPlaceholder(new Label("No connections"));
        list.setCellFactory(l -> new ListCell<>() {
            private ChangeListener<String> relabel;
            private ConnectionForm shown;

            @Override
            protected void updateItem(ConnectionForm f, boolean empty) {
                super.updateItem(f, empty);
                if (shown != null && relabel != null) shown.nameProperty().removeListener(relabel);
                shown = null;
                if (empty || f == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                shown = f;
                relabel = (o, a, b) -> setText(b + "  (" + f.type() + ")");
                f.nameProperty().addListener(relabel);
                setText(f.nameProperty().get() + "  (" + f.type() + ")");
                setGraphic(new FontIcon(Feather.SERVER));
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null && model.selectedProperty().get() != b) model.selectedProperty().set(b);
        });
        model.selectedProperty().addListener((o, a, b) -> {
            if (b != null && list.getSelectionModel().getSelectedItem() != b) list.getSelectionModel().select(b);
        });

        Button add = new Button("Add", new FontIcon(Feather.PLUS));
        add.setId("connection-add");
        add.setOnAction(e -> model.addPostgres());
        Button remove = new Button("Remove", new FontIcon(Feather.TRASH_2));
        remove.setId("connection-remove");
        remove.disableProperty().bind(model.selectedProperty().isNull());
        remove.setOnAction(e -> model.remove(model.selectedProperty().get()));
        add.disableProperty().bind(model.loadedProperty().not().or(model.connectionsErrorProperty().isNotEmpty()));
        HBox listButtons = new HBox(6, add, remove);
        VBox left = new VBox(8, list, listButtons);
        VBox.setVgrow(list, Priority.ALWAYS);

        name.setId("conn-name");
        url.setId("conn-url");
        url.setPromptText("jdbc:postgresql://host:5432/postgres");
        user.setId("conn-user");
        passwordMasked.setId("conn-password");
        passwordPlain.setId("conn-password-plain");
        String prompt = "${env:PGPASSWORD} or ${keychain:service/account}";
        passwordMasked.setPromptText(prompt);
        passwordPlain.setPromptText(prompt);
        passwordPlain.textProperty().bindBidirectional(passwordMasked.textProperty());
        passwordPlain.visibleProperty().bind(reveal.selectedProperty());
        passwordMasked.visibleProperty().bind(reveal.selectedProperty().not());
        reveal.setId("conn-password-reveal");
        reveal.setTooltip(new Tooltip("Show the field's content"));
        reveal.getStyleClass().add(Styles.BUTTON_ICON);
        StackPane passwordStack = new StackPane(passwordMasked, passwordPlain);
        HBox passwordRow = new HBox(6, passwordStack, reveal);
        HBox.setHgrow(passwordStack, Priority.ALWAYS);
        storeLink.setId("conn-store-keychain");
        storeLink.setOnAction(e -> model.withSelected(f -> model.storeInKeychain(f, null)));
        Label passwordHint = new Label("Only a reference is saved, never the password.");
        passwordHint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);

        test.setId("conn-test");
        cancelTest.setId("conn-test-cancel");
        testSpinner.setPrefSize(18, 18);
        testSpinner.setMaxSize(18, 18);
        testSpinner.setId("conn-test-spinner");
        testResult.setId("conn-test-result");
        testResult.setWrapText(true);
        testResult.setMaxWidth(520);
        test.setOnAction(e -> model.withSelected(model::testConnection));
        cancelTest.setOnAction(e -> model.withSelected(model::cancelTest));
        HBox testRow = new HBox(8, test, testSpinner, cancelTest);
        testRow.setAlignment(Pos.CENTER_LEFT);
        readOnlyNote.getStyleClass().add(Styles.TEXT_MUTED);
        readOnlyNote.setWrapText(true);

        form.setId("connection-form");
        form.setHgap(10);
        form.setVgap(2);
        ColumnConstraints c0 = new ColumnConstraints();
        c0.setMinWidth(90);
        ColumnConstraints c1 = new ColumnConstraints();
        c1.setHgrow(Priority.ALWAYS);
        form.getColumnConstraints().addAll(c0, c1);
        int r = 0;
        form.addRow(r++, caption("Name"), name);
        form.add(nameError, 1, r++);
        form.addRow(r++, caption("Type"), type);
        form.add(spacer(), 1, r++);
        form.addRow(r++, caption("URL"), url);
        form.add(urlError, 1, r++);
        form.addRow(r++, caption("User"), user);
        form.add(userError, 1, r++);
        form.addRow(r++, caption("Password"), passwordRow);
        form.add(new VBox(2, passwordError, storeLink, passwordHint), 1, r++);
        form.add(spacer(), 1, r++);
        form.add(testRow, 1, r++);
        form.add(testResult, 1, r++);
        form.add(readOnlyNote, 1, r);

        Label empty = new Label("Select a connection, or add one.");
        empty.getStyleClass().add(Styles.TEXT_MUTED);
        StackPane right = new StackPane(empty, form);
        empty.visibleProperty().bind(model.selectedProperty().isNull());
        form.visibleProperty().bind(model.selectedProperty().isNotNull());
        StackPane.setAlignment(form, Pos.TOP_LEFT);
        StackPane.setAlignment(empty, Pos.CENTER);

        HBox body = new HBox(16, left, right);
        HBox.setHgrow(right, Priority.ALWAYS);
        VBox tab = new VBox(10, brokenFile, body);
        VBox.setVgrow(body, Priority.ALWAYS);
        tab.setPadding(new Insets(14));
        return tab;
    }

    private Node authorTab() {
        TextField an = new TextField();
        an.setId("author-name");
        an.textProperty().bindBidirectional(model.authorNameProperty());
        TextField ae = new TextField();
        ae.setId("author-email");
        ae.setPromptText("name@example.org");
        ae.textProperty().bindBidirectional(model.authorEmailProperty());
        Label err = errorLabel("author-error");
        err.textProperty().bind(model.authorErrorProperty());
        Label help = new Label("Audit commits are signed with this name and email. Leave both empty to use git's user.name and user.email.");
        help.setWrapText(true);
        help.getStyleClass().add(Styles.TEXT_MUTED);
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(6);
        ColumnConstraints c0 = new ColumnConstraints();
        c0.setMinWidth(90);
        ColumnConstraints c1 = new ColumnConstraints();
        c1.setHgrow(Priority.ALWAYS);
        g.getColumnConstraints().addAll(c0, c1);
        g.addRow(0, caption("Name"), an);
        g.addRow(1, caption("Email"), ae);
        g.add(err, 1, 2);
        VBox box = new VBox(12, help, g);
        box.setPadding(new Insets(14));
        return box;
    }

    private void bindForm(ConnectionForm f) {
        unbind.forEach(Runnable::run);
        unbind.clear();
        if (f == null) return;
        bindText(name, f.nameProperty());
        bindText(url, f.urlProperty());
        bindText(user, f.userProperty());
        bindText(passwordMasked, f.passwordProperty());
        reveal.setSelected(f.passwordProperty().get().isEmpty() ? false : !f.passwordIsRaw());
        type.setText(f.type());
        bindError(nameError, f.nameErrorProperty());
        bindError(urlError, f.urlErrorProperty());
        bindError(userError, f.userErrorProperty());
        bindError(passwordError, f.passwordErrorProperty());
        storeLink.visibleProperty().bind(Bindings.createBooleanBinding(f::passwordIsRaw, f.passwordProperty()));
        storeLink.managedProperty().bind(storeLink.visibleProperty());
        storeLink.disableProperty().bind(model.busyProperty());
        unbind.add(() -> {
            storeLink.visibleProperty().unbind();
            storeLink.managedProperty().unbind();
            storeLink.disableProperty().unbind();
        });
        boolean editable = f.editable();
        for (Node n : List.of(url, user, passwordMasked, passwordPlain, reveal, test)) n.setDisable(!editable);
        readOnlyNote.setVisible(!editable);
        readOnlyNote.setManaged(!editable);

        var running = Bindings.equal(ConnectionForm.TestState.RUNNING, f.testStateProperty());
        testSpinner.visibleProperty().bind(running);
        cancelTest.visibleProperty().bind(running);
        test.disableProperty().bind(running.or(Bindings.createBooleanBinding(() -> !editable)));
        testResult.textProperty().bind(f.testMessageProperty());
        ChangeListener<ConnectionForm.TestState> style = (o, a, b) -> styleResult(b);
        f.testStateProperty().addListener(style);
        styleResult(f.testStateProperty().get());
        unbind.add(() -> {
            testSpinner.visibleProperty().unbind();
            cancelTest.visibleProperty().unbind();
            test.disableProperty().unbind();
            testResult.textProperty().unbind();
            f.testStateProperty().removeListener(style);
        });
    }

    private void styleResult(ConnectionForm.TestState s) {
        testResult.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER, Styles.TEXT_MUTED);
        switch (s) {
            case SUCCEEDED -> testResult.getStyleClass().add(Styles.SUCCESS);
            case FAILED -> testResult.getStyleClass().add(Styles.DANGER);
            default -> testResult.getStyleClass().add(Styles.TEXT_MUTED);
        }
    }

    private void bindText(TextField field, StringProperty p) {
        field.textProperty().bindBidirectional(p);
        unbind.add(() -> field.textProperty().unbindBidirectional(p));
    }

    private void bindError(Label label, javafx.beans.value.ObservableStringValue error) {
        label.textProperty().bind(error);
        unbind.add(() -> label.textProperty().unbind());
    }

    private void save() {
        List<ConnectionForm> raw = model.rawPasswordForms();
        if (!raw.isEmpty()) {
            ConnectionForm f = raw.get(0);
            Alert ask = new Alert(Alert.AlertType.CONFIRMATION);
            ask.initOwner(stage);
            ask.setTitle("Password typed in " + f.nameProperty().get());
            ask.setHeaderText("The password field of " + f.nameProperty().get() + " holds a password, not a reference.");
            ask.setContentText("Passwords are never written to connections.yaml. Store it in the keychain as "
                    + f.keychainReference() + " and save only that reference?\n\n(Without a keychain on this system it is "
                    + "kept for this session only.)");
            ButtonType store = new ButtonType("Store in keychain", ButtonBar.ButtonData.YES);
            ButtonType no = new ButtonType("Don't save", ButtonBar.ButtonData.NO);
            ask.getButtonTypes().setAll(store, no);
            ask.getDialogPane().setId("store-password-dialog");
            ask.resultProperty().addListener((o, a, choice) -> {
                if (choice == store) model.storeInKeychain(f, this::save);
                else model.problems().setAll(List.of("Not saved: the password of " + f.nameProperty().get()
                        + " must be a reference (${env:VARIABLE} or ${keychain:service/account})."));
            });
            ask.show();
            return;
        }
        model.save(() -> {
            stage.close();
            onSaved.run();
        });
    }

    private static Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("field-caption");
        l.setMinWidth(80);
        return l;
    }

    private static Label errorLabel(String id) {
        Label l = new Label();
        l.setId(id);
        l.getStyleClass().addAll(Styles.DANGER, Styles.TEXT_SMALL, "field-error");
        l.setWrapText(true);
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    private static Node spacer() {
        javafx.scene.layout.Region r = new javafx.scene.layout.Region();
        r.setMinHeight(6);
        return r;
    }
}
