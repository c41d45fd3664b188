package dev.mlpc.ui.settings;

import atlantafx.base.theme.Styles;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.spec.SecretRef;
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
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
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
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings dialog: connection profiles (add / edit / remove PostgreSQL and Snowflake connections, test them) and
 * the commit author. A new connection's type is chosen in the form; a Snowflake connection shows its account or URL,
 * user, role, warehouse, authenticator and only that authenticator's settings. Each field shows its validation message
 * right below it as the user types, and its caption has a mnemonic (Alt+letter). Secret fields (password, key
 * passphrase, token) take only a secret reference; a typed secret is offered to be stored in the keychain and only its
 * reference is saved.
 */
public final class SettingsDialog {
    /** What each Snowflake authenticator asks for, shown in the choice. */
    private static final Map<String, String> AUTH_NOTES = Map.of("snowflake", " (password)",
            "snowflake_jwt", " (key pair)", "externalbrowser", " (SSO in the browser)", "oauth", " (OAuth token)");

    private final SettingsViewModel model;
    private final Stage stage = new Stage();
    private final ListView<ConnectionForm> list = new ListView<>();
    private final TextField name = new TextField();
    private final ComboBox<String> type = new ComboBox<>();
    private final Label nameError = errorLabel("name-error");
    private final Label settingsError = errorLabel("settings-error");
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final SecretRow password = new SecretRow("password", "_Password", "conn-store-keychain",
            "${env:PGPASSWORD} or ${keychain:service/account}", "Only a reference is saved, never the password.");
    private final Button test = new Button("_Test connection", new FontIcon(Feather.ZAP));
    private final Button cancelTest = new Button("Cancel");
    private final ProgressIndicator testSpinner = new ProgressIndicator();
    private final Label testResult = new Label();
    private final Label readOnlyNote = new Label("Only PostgreSQL and Snowflake connections are edited here; this one is kept as it is in connections.yaml.");
    private final List<Runnable> unbind = new ArrayList<>();
    private final GridPane form = new GridPane();
    private Runnable onSaved = () -> { };
    private boolean binding;

    /** The controls of one setting: a caption, the input, its inline error; shown when the form has the field. */
    private static class Row {
        final String key;
        final Label caption;
        final Node input;
        final Label error;
        final VBox below;

        Row(String key, String caption, Node input, Node focusTarget, Node... notes) {
            this.key = key;
            this.caption = caption(caption, focusTarget);
            this.input = input;
            this.error = errorLabel(key.replace('_', '-') + "-error");
            this.below = new VBox(2);
            below.getChildren().add(error);
            below.getChildren().addAll(notes);
        }

        void show(boolean on) {
            for (Node n : List.of(caption, input, below)) {
                n.setVisible(on);
                n.setManaged(on);
            }
        }
    }

    /** A secret setting: masked and plain inputs sharing one text, a reveal toggle, the keychain offer and a hint. */
    private static final class SecretRow extends Row {
        final PasswordField masked;
        final TextField plain;
        final ToggleButton reveal;
        final Hyperlink store;

        SecretRow(String key, String caption, String storeId, String prompt, String hint) {
            this(key, caption, storeId, prompt, hint, new PasswordField(), new TextField(), new ToggleButton(null, new FontIcon(Feather.EYE)),
                    new Hyperlink("Store it in the keychain instead"));
        }

        private SecretRow(String key, String caption, String storeId, String prompt, String hint, PasswordField masked,
                          TextField plain, ToggleButton reveal, Hyperlink store) {
            super(key, caption, secretBox(masked, plain, reveal), masked, store, hintLabel(hint));
            this.masked = masked;
            this.plain = plain;
            this.reveal = reveal;
            this.store = store;
            String id = "conn-" + key.replace('_', '-');
            masked.setId(id);
            plain.setId(id + "-plain");
            reveal.setId(id + "-reveal");
            store.setId(storeId);
            masked.setPromptText(prompt);
            plain.setPromptText(prompt);
            plain.textProperty().bindBidirectional(masked.textProperty());
            plain.visibleProperty().bind(reveal.selectedProperty());
            masked.visibleProperty().bind(reveal.selectedProperty().not());
            reveal.setTooltip(new Tooltip("Show the field's content"));
            reveal.getStyleClass().add(Styles.BUTTON_ICON);
        }

        private static Node secretBox(PasswordField masked, TextField plain, ToggleButton reveal) {
            StackPane stack = new StackPane(masked, plain);
            HBox box = new HBox(6, stack, reveal);
            HBox.setHgrow(stack, Priority.ALWAYS);
            return box;
        }

        private static Label hintLabel(String text) {
            Label l = new Label(text);
            l.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            return l;
        }
    }

    public SettingsDialog(Workbench workbench, UiExecutor executor) {
        this.model = new SettingsViewModel(workbench, executor);
        stage.setTitle("Settings");
        stage.setScene(new Scene(build(), 880, 640));
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

        Button add = new Button("_Add", new FontIcon(Feather.PLUS));
        add.setTooltip(new Tooltip("Adds a connection; choose its type (PostgreSQL or Snowflake) in the form."));
        add.setId("connection-add");
        add.setOnAction(e -> model.addPostgres());
        Button remove = new Button("Re_move", new FontIcon(Feather.TRASH_2));
        remove.setId("connection-remove");
        remove.disableProperty().bind(model.selectedProperty().isNull());
        remove.setOnAction(e -> model.remove(model.selectedProperty().get()));
        add.disableProperty().bind(model.loadedProperty().not().or(model.connectionsErrorProperty().isNotEmpty()));
        HBox listButtons = new HBox(6, add, remove);
        VBox left = new VBox(8, list, listButtons);
        VBox.setVgrow(list, Priority.ALWAYS);

        name.setId("conn-name");
        type.setId("conn-type");
        type.getItems().setAll(model.addableTypes());
        type.setConverter(new StringConverter<>() {
            @Override public String toString(String t) { return t == null ? "" : model.typeName(t); }
            @Override public String fromString(String s) { return s; }
        });
        type.setTooltip(new Tooltip("The type of a connection can be chosen until it is saved."));
        type.valueProperty().addListener((o, a, b) -> {
            ConnectionForm f = model.selectedProperty().get();
            if (!binding && f != null && b != null && !b.equals(f.type())) model.changeType(f, b);
        });

        TextField account = new TextField();
        account.setId("conn-account");
        account.setPromptText("myorg-myaccount");
        Label accountHint = new Label("The account identifier, or leave it empty and give the URL.");
        accountHint.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        TextField url = new TextField();
        url.setId("conn-url");
        TextField user = new TextField();
        user.setId("conn-user");
        TextField role = new TextField();
        role.setId("conn-role");
        role.setPromptText("optional, e.g. SYSADMIN");
        TextField warehouse = new TextField();
        warehouse.setId("conn-warehouse");
        warehouse.setPromptText("optional, e.g. ML_WH");
        ComboBox<String> authenticator = new ComboBox<>();
        authenticator.setId("conn-authenticator");
        authenticator.getItems().setAll(ConnectionForm.AUTHENTICATORS);
        authenticator.setConverter(new StringConverter<>() {
            @Override public String toString(String a) { return a == null ? "" : a + AUTH_NOTES.getOrDefault(a, ""); }
            @Override public String fromString(String s) { return s; }
        });
        TextField keyFile = new TextField();
        keyFile.setId("conn-private-key-file");
        keyFile.setPromptText("/path/to/rsa_key.p8");
        SecretRow passphrase = new SecretRow("private_key_passphrase", "Pa_ssphrase", "conn-private-key-passphrase-store-keychain",
                "optional: ${env:VARIABLE} or ${keychain:service/account}", "Only a reference is saved, never the passphrase.");
        SecretRow token = new SecretRow("token", "T_oken", "conn-token-store-keychain",
                "${env:VARIABLE} or ${keychain:service/account}", "Only a reference is saved, never the token.");
        for (Row row : List.of(new Row("account", "A_ccount", account, account, accountHint),
                new Row("url", "UR_L", url, url), new Row("user", "_User", user, user),
                new Row("role", "_Role", role, role), new Row("warehouse", "_Warehouse", warehouse, warehouse),
                new Row("authenticator", "Aut_henticator", authenticator, authenticator), password,
                new Row("private_key_file", "Private _key file", keyFile, keyFile), passphrase, token)) {
            rows.put(row.key, row);
        }
        for (SecretRow sr : List.of(password, passphrase, token)) {
            sr.store.setOnAction(e -> model.withSelected(f -> model.storeInKeychain(f, null)));
        }

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
        c0.setMinWidth(110);
        ColumnConstraints c1 = new ColumnConstraints();
        c1.setHgrow(Priority.ALWAYS);
        form.getColumnConstraints().addAll(c0, c1);
        int r = 0;
        form.addRow(r++, caption("_Name", name), name);
        form.add(nameError, 1, r++);
        form.addRow(r++, caption("T_ype", type), type);
        form.add(spacer(), 1, r++);
        for (Row row : rows.values()) {
            form.addRow(r++, row.caption, row.input);
            form.add(row.below, 1, r++);
        }
        form.add(settingsError, 1, r++);
        form.add(spacer(), 1, r++);
        form.add(testRow, 1, r++);
        form.add(testResult, 1, r++);
        form.add(readOnlyNote, 1, r);

        Label empty = new Label("Select a connection, or add one.");
        empty.getStyleClass().add(Styles.TEXT_MUTED);
        form.setPadding(new Insets(0, 12, 0, 0));
        ScrollPane scroll = new ScrollPane(form);
        scroll.setId("connection-form-scroll");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("edge-to-edge");
        StackPane right = new StackPane(empty, scroll);
        empty.visibleProperty().bind(model.selectedProperty().isNull());
        scroll.visibleProperty().bind(model.selectedProperty().isNotNull());
        StackPane.setAlignment(scroll, Pos.TOP_LEFT);
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
        if (f == null) {
            rows.values().forEach(row -> row.show(false));
            return;
        }
        bindText(name, f.nameProperty());
        binding = true;
        try {
            type.setValue(f.type());
        } finally {
            binding = false;
        }
        type.setDisable(!f.isNew());
        bindError(nameError, f.nameErrorProperty());
        bindError(settingsError, f.settingsErrorProperty());
        boolean editable = f.editable();
        for (Row row : rows.values()) {
            ConnectionForm.Field field = f.field(row.key).orElse(null);
            if (field == null) {
                row.show(false);
                continue;
            }
            if (row instanceof SecretRow sr) bindSecret(sr, f, field);
            else if (row.input instanceof TextField tf) bindText(tf, field.valueProperty());
            else if (row.input instanceof ComboBox<?> box) bindChoice(box, field.valueProperty());
            bindError(row.error, field.errorProperty());
            row.show(field.shownProperty().get());
            ChangeListener<Boolean> shown = (o, a, b) -> row.show(b);
            field.shownProperty().addListener(shown);
            unbind.add(() -> field.shownProperty().removeListener(shown));
            row.input.setDisable(!editable);
        }
        if ("postgres".equals(f.type())) {
            ((TextField) rows.get("url").input).setPromptText("jdbc:postgresql://host:5432/postgres");
            password.masked.setPromptText("${env:PGPASSWORD} or ${keychain:service/account}");
        } else {
            ((TextField) rows.get("url").input).setPromptText("or jdbc:snowflake://host[:port]/?parameters");
            password.masked.setPromptText("${env:SNOWFLAKE_PASSWORD} or ${keychain:service/account}");
        }
        password.plain.setPromptText(password.masked.getPromptText());
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

    private void bindSecret(SecretRow row, ConnectionForm f, ConnectionForm.Field field) {
        bindText(row.masked, field.valueProperty());
        row.reveal.setSelected(!field.valueProperty().get().isEmpty() && SecretRef.isReference(field.valueProperty().get()));
        row.plain.setDisable(!f.editable());
        row.reveal.setDisable(!f.editable());
        row.store.visibleProperty().bind(Bindings.createBooleanBinding(field::isRaw, field.valueProperty(), field.shownProperty()));
        row.store.managedProperty().bind(row.store.visibleProperty());
        row.store.disableProperty().bind(model.busyProperty());
        unbind.add(() -> {
            row.store.visibleProperty().unbind();
            row.store.managedProperty().unbind();
            row.store.disableProperty().unbind();
        });
    }

    @SuppressWarnings("unchecked")
    private void bindChoice(ComboBox<?> box, StringProperty p) {
        ComboBox<String> b = (ComboBox<String>) box;
        b.valueProperty().bindBidirectional(p);
        unbind.add(() -> b.valueProperty().unbindBidirectional(p));
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
            ConnectionForm.Field field = f.rawSecret().orElseThrow();
            String noun = field.noun();
            Alert ask = new Alert(Alert.AlertType.CONFIRMATION);
            ask.initOwner(stage);
            ask.setTitle(Character.toUpperCase(noun.charAt(0)) + noun.substring(1) + " typed in " + f.nameProperty().get());
            ask.setHeaderText("The " + noun + " field of " + f.nameProperty().get() + " holds a " + noun + ", not a reference.");
            ask.setContentText("Secrets are never written to connections.yaml. Store it in the keychain as "
                    + f.keychainReference(field) + " and save only that reference?\n\n(Without a keychain on this system it is "
                    + "kept for this session only.)");
            ButtonType store = new ButtonType("Store in keychain", ButtonBar.ButtonData.YES);
            ButtonType no = new ButtonType("Don't save", ButtonBar.ButtonData.NO);
            ask.getButtonTypes().setAll(store, no);
            ask.getDialogPane().setId("store-password-dialog");
            ask.resultProperty().addListener((o, a, choice) -> {
                if (choice == store) model.storeInKeychain(f, this::save);
                else model.problems().setAll(List.of("Not saved: the " + noun + " of " + f.nameProperty().get()
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

    /** A caption with a mnemonic ({@code _Name}: Alt+N) that moves the focus to {@code target}. */
    private static Label caption(String text, Node target) {
        Label l = caption(text);
        l.setMnemonicParsing(true);
        l.setLabelFor(target);
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
