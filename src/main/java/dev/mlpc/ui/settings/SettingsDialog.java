package dev.mlpc.ui.settings;

import atlantafx.base.theme.Styles;
import dev.mlpc.app.Settings;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ProviderDescriptor;
import dev.mlpc.core.provider.SettingSpec;
import dev.mlpc.core.spec.Problem;
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
import javafx.scene.layout.Region;
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
 * The settings dialog: connection profiles (add / edit / remove connections of every provider that describes its
 * settings, test them) and the commit author. A new connection's type is chosen in the form. The form's rows are built
 * from the provider's description ({@link ProviderDescriptor#settings()}): caption with its mnemonic (Alt+letter),
 * input by kind (text, choice, secret), prompt and hint; rows the description shows only for some value of another
 * setting (Snowflake's authenticator) appear and disappear with it. Each field shows its validation message right
 * below it as the user types. Secret fields (password, key passphrase, token) take only a secret reference; a typed
 * secret is offered to be stored in the keychain and only its reference is saved.
 *
 * <p>Ids: a setting {@code key} has its input {@code #conn-<key>} ({@code _} written {@code -}), its message
 * {@code #<key>-error}; a secret also {@code #conn-<key>-plain}, {@code #conn-<key>-reveal} and the keychain offer
 * {@code #conn-store-keychain} (the provider's primary secret) or {@code #conn-<key>-store-keychain}.</p>
 */
public final class SettingsDialog {
    private final SettingsViewModel model;
    private final Stage stage = new Stage();
    private final ListView<ConnectionForm> list = new ListView<>();
    private final TextField name = new TextField();
    private final ComboBox<String> type = new ComboBox<>();
    private final Label nameError = errorLabel("name-error");
    private final Label settingsError = errorLabel("settings-error");
    private final Map<String, Row> rows = new LinkedHashMap<>();
    /** The type whose rows {@link #rows} holds (null: none built yet). */
    private String rowsType;
    private final Button test = new Button("_Test connection", new FontIcon(Feather.ZAP));
    private final Button cancelTest = new Button("Cancel");
    private final ProgressIndicator testSpinner = new ProgressIndicator();
    private final Label testResult = new Label();
    private final Label readOnlyNote = new Label();
    private Label nameCaption;
    private Label typeCaption;
    private Node testRow;
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
            super(key, caption, secretBox(masked, plain, reveal), masked, notes(store, hint));
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

        private static Node[] notes(Hyperlink store, String hint) {
            return hint == null ? new Node[] {store} : new Node[] {store, hintLabel(hint)};
        }
    }

    private static Label hintLabel(String text) {
        Label l = new Label(text);
        l.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        l.setWrapText(true);                    // a long hint takes more lines, never cut with "…"
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
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
        TabPane tabs = new TabPane(new Tab("Connections", connectionsTab()), new Tab("Author", authorTab()),
                signingTab());
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
        add.setTooltip(new Tooltip("Adds a connection; choose its type (" + String.join(" or ",
                model.addableTypes().stream().map(model::typeName).toList()) + ") in the form."));
        add.setId("connection-add");
        add.setOnAction(e -> model.add());
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
        HBox testBox = new HBox(8, test, testSpinner, cancelTest);
        testBox.setAlignment(Pos.CENTER_LEFT);
        testRow = testBox;
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
        nameCaption = caption("_Name", name);
        typeCaption = caption("T_ype", type);
        layoutForm();

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

    /** Lays the form out: name and type, the rows of the current type's settings, the test and the notes. */
    private void layoutForm() {
        form.getChildren().clear();
        int r = 0;
        form.addRow(r++, nameCaption, name);
        form.add(nameError, 1, r++);
        form.addRow(r++, typeCaption, type);
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
    }

    /** Builds the rows of a provider's settings (none for an unknown type) and lays the form out again. */
    private void buildRows(String forType, ProviderDescriptor d) {
        rows.clear();
        if (d != null) {
            for (SettingSpec s : d.settings()) rows.put(s.key(), row(s, s.key().equals(d.primarySecret())));
        }
        rowsType = forType;
        layoutForm();
    }

    /** The row of one described setting: a secret row, a choice, or a text field. */
    private Row row(SettingSpec s, boolean primarySecret) {
        String id = "conn-" + s.key().replace('_', '-');
        switch (s.kind()) {
            case SECRET -> {
                SecretRow sr = new SecretRow(s.key(), s.label(), primarySecret ? "conn-store-keychain" : id + "-store-keychain",
                        s.prompt(), s.hint());
                sr.store.setOnAction(e -> model.withSelected(f -> model.storeInKeychain(f, null)));
                return sr;
            }
            case CHOICE -> {
                ComboBox<String> box = new ComboBox<>();
                box.setId(id);
                box.getItems().setAll(s.choices().stream().map(SettingSpec.Choice::value).toList());
                box.setConverter(new StringConverter<>() {
                    @Override public String toString(String v) {
                        return v == null ? "" : s.choice(v).map(SettingSpec.Choice::label).orElse(v);
                    }
                    @Override public String fromString(String v) { return v; }
                });
                if (s.prompt() != null) box.setPromptText(s.prompt());
                return new Row(s.key(), s.label(), box, box, notes(s.hint()));
            }
            default -> {
                TextField tf = new TextField();
                tf.setId(id);
                if (s.prompt() != null) tf.setPromptText(s.prompt());
                return new Row(s.key(), s.label(), tf, tf, notes(s.hint()));
            }
        }
    }

    private static Node[] notes(String hint) {
        return hint == null ? new Node[0] : new Node[] {hintLabel(hint)};
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

    /** Signing: OpenPGP key (GnuPG keyring or an armored secret-key file), passphrase reference, a check of the key. */
    private Tab signingTab() {
        javafx.scene.control.CheckBox on = new javafx.scene.control.CheckBox("Sign e_very commit mlpc writes");
        on.setId("signing-enabled");
        on.setMnemonicParsing(true);
        on.selectedProperty().bindBidirectional(model.signingEnabledProperty());
        ComboBox<String> format = new ComboBox<>(javafx.collections.FXCollections.observableArrayList(
                Settings.Signing.OPENPGP, Settings.Signing.SSH));
        format.setId("signing-format");
        format.setAccessibleText("Signing format: openpgp or ssh");
        format.valueProperty().bindBidirectional(model.signingFormatProperty());
        TextField key = new TextField();
        key.setId("signing-key");
        key.setPromptText("fingerprint or key id, e.g. 0x3AA5C34371567BD2");
        key.textProperty().bindBidirectional(model.signingKeyProperty());
        TextField file = new TextField();
        file.setId("signing-key-file");
        file.setPromptText("empty: the GnuPG keyring (GNUPGHOME or ~/.gnupg)");
        file.textProperty().bindBidirectional(model.signingKeyFileProperty());
        Button browse = new Button("_Browse…");
        browse.setId("signing-browse");
        browse.setMnemonicParsing(true);
        browse.setOnAction(e -> {
            javafx.stage.FileChooser fc = new javafx.stage.FileChooser();
            fc.setTitle(Settings.Signing.SSH.equals(format.getValue()) ? "OpenSSH private key file" : "Armored OpenPGP secret-key file");
            java.io.File f = fc.showOpenDialog(stage);
            if (f != null) model.signingKeyFileProperty().set(f.getAbsolutePath());
        });
        TextField pass = new TextField();
        pass.setId("signing-passphrase");
        pass.setPromptText("${env:MLPC_SIGNING_PASSPHRASE} or ${keychain:mlpc/signing}");
        pass.textProperty().bindBidirectional(model.signingPassphraseProperty());
        for (Node n : List.of(format, file, browse, pass)) n.disableProperty().bind(on.selectedProperty().not());
        key.disableProperty().bind(on.selectedProperty().not().or(format.valueProperty().isEqualTo(Settings.Signing.SSH)));
        Label err = errorLabel("signing-error");
        err.textProperty().bind(model.signingErrorProperty());
        Button test = new Button("Check key");
        test.setId("signing-test");
                test.disableProperty().bind(model.busyProperty().or(on.selectedProperty().not()));
        test.setOnAction(e -> model.testSigning());
        Label status = new Label();
        status.setId("signing-status");
        status.setWrapText(true);
        status.textProperty().bind(model.signingStatusProperty());
        Label help = new Label("Signed commits let anyone check who made them: mlpc verify checks every commit against the trusted"
                + " public keys committed under keys/openpgp/ (OpenPGP) or keys/allowed_signers (SSH), added with mlpc keys add FILE. The passphrase is never stored: give a"
                + " reference to an environment variable or the keychain. A commit that cannot be signed is refused.");
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
        g.addRow(0, caption("Format", format), format);
        g.addRow(1, caption("Key", key), key);
        g.addRow(2, caption("Key file", file), new HBox(6, file, browse));
        HBox.setHgrow(file, Priority.ALWAYS);
        g.addRow(3, caption("Passphrase (e_xternal reference)", pass), pass);
        g.add(hintLabel("openpgp — Key: in the GnuPG keyring, or which key of the key file (empty: its first signing key)."
                + " ssh — Key file: the OpenSSH private key (e.g. ~/.ssh/id_ed25519); Key is not used."), 1, 4);
        g.add(err, 1, 5);
        HBox testRow = new HBox(10, test, status);
        testRow.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(12, help, on, g, testRow);
        box.setPadding(new Insets(14));
        // mnemonics (Alt+V, Alt+B, Alt+X) use letters no connection field or other tab uses: a hidden tab's mnemonics
        // stay registered in the scene (Alt+C of a Snowflake account must not land here); the key field follows the
        // check box in the focus order
        Tab t = new Tab("Signing", box);
        t.setId("settings-signing-tab");
        return t;
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
        if (!f.type().equals(rowsType)) buildRows(f.type(), f.descriptor());
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
        readOnlyNote.setText(f.descriptor() == null
                ? "No provider of this console has the type " + Problem.quote(f.type()) + "; the connection is kept as it is in connections.yaml."
                : f.descriptor().displayName() + " connections are not edited here; this one is kept as it is in connections.yaml.");
        readOnlyNote.setVisible(!editable);
        readOnlyNote.setManaged(!editable);

        var running = Bindings.equal(ConnectionForm.TestState.RUNNING, f.testStateProperty());
        testSpinner.visibleProperty().bind(running);
        cancelTest.visibleProperty().bind(running);
        test.disableProperty().bind(running.or(Bindings.createBooleanBinding(() -> !editable)));
        testResult.textProperty().bind(f.testMessageProperty());
        ChangeListener<ConnectionForm.TestState> style = (o, a, b) -> {
            styleResult(b);
            if (a == ConnectionForm.TestState.RUNNING && b != ConnectionForm.TestState.RUNNING) returnFocusAfterTest();
        };
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

    /**
     * After a connection test ends its Cancel button hides, and the focus would fall to the dialog's Cancel (Enter then
     * closes the dialog): it goes back to "Test connection" instead (after the hide, once the button is enabled).
     */
    private void returnFocusAfterTest() {
        javafx.application.Platform.runLater(() -> {
            javafx.scene.Scene scene = test.getScene();
            if (scene == null) return;
            Node owner = scene.getFocusOwner();
            if (owner == null || owner == test || owner == cancelTest || "settings-cancel".equals(owner.getId())
                    || !owner.isVisible() || owner.isDisabled()) {
                test.requestFocus();
            }
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
        l.setMinWidth(Region.USE_PREF_SIZE);   // a caption is never cut to "…" (the fields give way instead)
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
