package dev.mlpc.ui.shell;

import dev.mlpc.app.Drift;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.NodeAction;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.ui.FxProgress;
import dev.mlpc.ui.Tasks;
import dev.mlpc.ui.UiErrors;
import dev.mlpc.ui.UiExecutor;
import dev.mlpc.ui.tree.LiveTreeModel;
import dev.mlpc.ui.tree.TreeEntry;
import dev.mlpc.ui.wizard.PlanReview;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.event.ActionEvent;
import javafx.geometry.Side;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.application.Platform;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The live tree's context menu (right click, the context-menu key, Shift+F10) and its dialogs: Show definition (the
 * SQL or the request documents that create the object, as its provider renders them; ids {@code #menu-show-ddl},
 * {@code #ddl-dialog}, {@code #ddl-text}, {@code #ddl-copy} kept from when it showed DDL only), Plan a drop (guarded by typing the object's name) and Add to a stack (import),
 * then, after a separator, the live actions the node's provider offers ({@link NodeAction}, {@code #menu-action-<id>}:
 * a dialog with the choice, a confirmation for destructive ones, progress with Cancel, the outcome and its details,
 * then the node reloaded). Every call on the workbench runs on the
 * background executor; items that do not apply to a row are disabled with the reason in their text.
 */
public final class TreeActions {
    private static final Pattern STACK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");

    private final MainViewModel model;
    private final Supplier<Stage> owner;
    private final Runnable afterCommit;
    private final UiExecutor executor;
    /** The tree's context menu, made by {@link #install} (a popup window with a scene of its own). */
    private ContextMenu menu;

    /**
     * @param afterCommit what to do after an action committed to the config repository (refresh the history)
     */
    private java.util.function.Consumer<String> browser = url -> { };

    public TreeActions(MainViewModel model, Supplier<Stage> owner, Runnable afterCommit) {
        this.model = model;
        this.owner = owner;
        this.afterCommit = afterCommit;
        this.executor = model.executor();
    }

    /** Attaches the context menu to the tree: rebuilt for the selected row each time it opens. */
    public void install(TreeView<TreeEntry> tree) {
        menu = new ContextMenu();
        menu.setId("tree-context-menu");
        dev.mlpc.ui.MenuMnemonics.install(menu);
        tree.setContextMenu(menu);
        // a context menu without items does not open at all: keep it filled for the selection, refreshed on opening
        menu.getItems().setAll(items(null));
        tree.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> menu.getItems().setAll(items(b)));
        menu.setOnShowing(e -> menu.getItems().setAll(items(tree.getSelectionModel().getSelectedItem())));
        tree.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.CONTEXT_MENU || (e.getCode() == KeyCode.F10 && e.isShiftDown())) {
                e.consume();
                showFor(tree, tree.getSelectionModel().getSelectedItem());
            }
        });
        // platforms without a native context-menu event for the right button (headless Monocle): open it ourselves
        tree.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            if (e.getButton() != MouseButton.SECONDARY) return;
            Platform.runLater(() -> {
                if (!menu.isShowing()) showFor(tree, tree.getSelectionModel().getSelectedItem());
            });
        });
    }

    /** Opens the menu by the row of {@code item}, or by the tree. */
    private void showFor(TreeView<TreeEntry> tree, TreeItem<TreeEntry> item) {
        Node anchor = tree.lookupAll(".tree-cell").stream()
                .filter(n -> n instanceof TreeCell<?> c && c.getTreeItem() == item && item != null)
                .findFirst().orElse(tree);
        if (menu.isShowing()) menu.hide();
        menu.getItems().setAll(items(item));
        menu.show(anchor, Side.BOTTOM, 24, -4);
    }

    /** The menu's items for a row; inapplicable ones disabled with the reason. */
    public List<MenuItem> items(TreeItem<TreeEntry> item) {
        TreeEntry e = item == null ? null : item.getValue();
        MenuItem ddl = item("Show _definition", "menu-show-ddl", Feather.CODE, definitionUnavailable(e), () -> showDefinition(e));
        MenuItem drop = item("_Plan a drop…", "menu-plan-drop", Feather.TRASH_2, dropUnavailable(e), () -> planDrop(item));
        MenuItem imp = item("_Add to a stack…", "menu-import", Feather.PLUS_SQUARE, importUnavailable(e), () -> importInto(e));
        String url = webAddress(e);
        List<MenuItem> out = new java.util.ArrayList<>();
        if (url != null) out.add(item("Open in _browser", "menu-open-browser", Feather.EXTERNAL_LINK, null, () -> browser.accept(url)));
        out.addAll(List.of(ddl, drop, imp));
        if (lineageMap != null) {
            out.add(item("Show on _lineage map", "menu-lineage-map", Feather.SHARE_2, lineageUnavailable(e),
                    () -> lineageMap.accept(e)));
        }
        List<NodeAction> actions = e == null || e.kind() != TreeEntry.Kind.NODE ? List.of() : e.nodeActions();
        if (!actions.isEmpty()) {
            out.add(new SeparatorMenuItem());
            String unavailable = model.workbenchProperty().get() == null ? "the console is still starting" : null;
            for (NodeAction a : actions) {
                MenuItem m = item(a.label(), "menu-action-" + a.id(), a.destructive() ? Feather.X_OCTAGON : Feather.PLAY,
                        unavailable, () -> runAction(item, a));
                m.setMnemonicParsing(unavailable == null);
                out.add(m);
            }
        }
        return out;
    }

    /**
     * The web address a live object names in its details ({@code url}: a SageMaker domain's Studio URL), when it is
     * an http(s) address; null otherwise (no menu item then).
     */
    static String webAddress(TreeEntry e) {
        if (e == null || e.node() == null) return null;
        Object url = e.node().details().get("url");
        if (url == null) return null;
        String u = String.valueOf(url).strip();
        return u.startsWith("https://") || u.startsWith("http://") ? u : null;
    }

    /** Where "Open in browser" sends an address: the desktop's browser (the console sets it from its host services). */
    public void setBrowser(java.util.function.Consumer<String> browser) {
        this.browser = java.util.Objects.requireNonNull(browser);
    }

    /** What "Show on lineage map" calls with the row (the console opens the map on its node); null: no such item. */
    public void setLineageMap(java.util.function.Consumer<TreeEntry> opener) {
        this.lineageMap = opener;
    }

    private java.util.function.Consumer<TreeEntry> lineageMap;

    /**
     * A menu item; when it does not apply, its text ends with the reason, which names objects ({@code rv_train}):
     * such a text is shown as it is (no mnemonic parsing, so an underscore in a name stays), a fixed label keeps its
     * mnemonic.
     */
    static MenuItem item(String text, String id, Feather icon, String unavailable, Runnable action) {
        MenuItem m = new MenuItem(unavailable == null ? text : withoutMnemonic(text) + " (" + unavailable + ")", new FontIcon(icon));
        if (unavailable != null) m.setMnemonicParsing(false);
        m.setId(id);
        m.setDisable(unavailable != null);
        m.getProperties().put("unavailable", unavailable);
        m.setOnAction(a -> action.run());
        return m;
    }

    /** A fixed label's text as shown: its mnemonic marker ({@code _X}) removed, a doubled {@code __} kept as one. */
    static String withoutMnemonic(String label) {
        StringBuilder b = new StringBuilder(label.length());
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c == '_' && i + 1 < label.length()) {
                if (label.charAt(i + 1) == '_') i++;
                else continue;
            }
            b.append(c);
        }
        return b.toString();
    }

    // ---- applicability ------------------------------------------------------------------------------------------

    /** Why no action applies to the row at all, or null. */
    private String notAnObject(TreeEntry e) {
        if (e == null) return "nothing selected";
        switch (e.kind()) {
            case CONNECTION -> { return "a connection, not an object"; }
            case MISSING -> {
                if (e.missing() == null) return "a folder, not an object";
                return e.missing().mark().state() == dev.mlpc.app.Drift.State.MISSING ? "missing: not in the live system"
                        : "a stack resource without a live node of its own: act on it through its stack";
            }
            case NODE -> { }
            default -> { return "not an object"; }
        }
        Workbench wb = model.workbenchProperty().get();
        if (wb == null) return "the console is still starting";
        return wb.notAResource(e.profile(), e.node());
    }

    /** Why "Show on lineage map" does not apply, or null: any live object (not only stack resources) has a node. */
    public String lineageUnavailable(TreeEntry e) {
        if (e == null) return "nothing selected";
        if (e.kind() != TreeEntry.Kind.NODE) return notAnObject(e);
        if (e.node() == null || "folder".equals(e.node().kind())) return "a folder, not an object";
        return model.workbenchProperty().get() == null ? "the console is still starting" : null;
    }

    /** Why Show definition does not apply, or null. */
    public String definitionUnavailable(TreeEntry e) {
        return notAnObject(e);
    }

    /** Why Plan a drop does not apply, or null. */
    public String dropUnavailable(TreeEntry e) {
        return notAnObject(e);
    }

    /** Why Add to a stack does not apply, or null. */
    public String importUnavailable(TreeEntry e) {
        if (e != null && e.kind() == TreeEntry.Kind.MISSING && e.missing() != null) return "already in stack " + e.missing().stack();
        String why = notAnObject(e);
        if (why != null) return why;
        Drift.Mark mark = model.tree().mark(e);
        if (mark == null) {
            String problem = model.tree().driftProblem(e.profile().name());
            return problem == null ? "drift is still being computed" : "drift is unknown: " + problem;
        }
        return mark.state() == Drift.State.UNMANAGED ? null : "already in stack " + mark.stack();
    }

    private static String label(LiveNode n) {
        return n.kind() + " " + n.label();
    }

    // ---- Show definition ----------------------------------------------------------------------------------------

    /**
     * Opens the read-only definition dialog of a live node: what its provider renders to create it (SQL statements,
     * or request documents as JSON); it loads in the background.
     */
    public Dialog<Void> showDefinition(TreeEntry e) {
        Workbench wb = model.workbenchProperty().get();
        LiveNode node = e.node();
        ConnectionProfile profile = e.profile();
        boolean sql = "sql".equals(wb.registry().provider(profile.type()).map(p -> p.describe().generatedExtension())
                .orElse(""));
        Dialog<Void> d = new Dialog<>();
        d.initOwner(owner.get());
        d.setTitle("Definition of " + label(node));
        d.setHeaderText((sql ? "CREATE statements for " : "Request documents that create ") + label(node)
                + " as it is in " + profile.name());
        d.getDialogPane().setId("ddl-dialog");
        TextArea text = PlanReview.monospace("ddl-text");
        text.setPrefSize(720, 260);
        text.setText("Reading " + label(node) + " from " + profile.name() + "…");
        ButtonType copy = new ButtonType("Copy", ButtonBar.ButtonData.LEFT);
        d.getDialogPane().getButtonTypes().addAll(copy, ButtonType.CLOSE);
        d.getDialogPane().setContent(text);
        Button copyButton = (Button) d.getDialogPane().lookupButton(copy);
        copyButton.setId("ddl-copy");
        wholeText(d);
        copyButton.setDisable(true);
        copyButton.addEventFilter(ActionEvent.ACTION, a -> {
            a.consume();
            ClipboardContent c = new ClipboardContent();
            c.putString(text.getText());
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
        });
        Tasks.create(() -> wb.showDefinition(profile, node, Progress.NONE)).onSuccess(ddl -> {
            text.setText(ddl);
            copyButton.setDisable(false);
        }).onError(ex -> text.setText("Cannot show the definition of " + label(node) + ": " + UiErrors.message(ex))).run(executor);
        d.show();
        return d;
    }

    /**
     * Gives a dialog the console stylesheet (its focus rings) and keeps its text whole when the dialog is narrow or
     * its text grows after it is shown: its buttons keep their full labels (the content gives way) and the wrapped
     * labels get the height of all their lines.
     */
    static void wholeText(Dialog<?> d, Label... wrapped) {
        dev.mlpc.ui.Theme.style(d.getDialogPane());
        for (ButtonType t : d.getDialogPane().getButtonTypes()) {
            Node b = d.getDialogPane().lookupButton(t);
            if (b instanceof Button button) button.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        for (Label l : wrapped) l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
    }

    // ---- Plan a drop --------------------------------------------------------------------------------------------

    /**
     * Opens the drop review: the plan that drops exactly this object (for a managed one, its stack's plan without it)
     * in the wizards' plan review, and a field where the object's name must be typed before Drop is enabled.
     */
    public Dialog<Void> planDrop(TreeItem<TreeEntry> item) {
        Workbench wb = model.workbenchProperty().get();
        TreeEntry e = item.getValue();
        LiveNode node = e.node();
        ConnectionProfile profile = e.profile();
        ObjectProperty<Workbench.DropPlan> current = new SimpleObjectProperty<>();
        BooleanProperty running = new SimpleBooleanProperty(false);
        Dialog<Void> d = new Dialog<>();
        d.initOwner(owner.get());
        d.setTitle("Plan a drop of " + label(node));
        d.setHeaderText("Drop " + label(node) + " from " + profile.name());
        d.getDialogPane().setId("drop-dialog");
        d.setResizable(true);
        Runnable[] replan = new Runnable[1];
        Runnable[] refuse = new Runnable[1];
        PlanReview review = new PlanReview(() -> replan[0].run(), "nothing to drop: it is gone already");
        review.build();
        Label refusal = new Label();
        refusal.setId("drop-refusal");
        refusal.setWrapText(true);
        refusal.getStyleClass().add(atlantafx.base.theme.Styles.DANGER);
        refusal.setVisible(false);
        refusal.setManaged(false);
        Runnable plan = () -> {
            current.set(null);
            long g = review.reset();
            FxProgress p = review.begin(profile);
            Tasks.create(() -> wb.planDrop(profile, node, p)).onSuccess(dp -> {
                if (!review.isCurrent(g)) return;
                String refused = refusal(dp.plan());
                if (refused != null) {
                    refusal.setText("This drop is refused: " + refused);
                    refuse[0].run();
                    return;
                }
                current.set(dp);
                review.show(dp.plan(), profile.name());
            }).onError(ex -> {
                if (!review.isCurrent(g)) return;
                refusal.setText("No drop can be planned: " + UiErrors.message(ex));
                refuse[0].run();
            }).run(executor);
        };
        replan[0] = plan;
        review.text().setPrefSize(720, 220);
        TextField confirm = new TextField();
        confirm.setId("drop-confirm");
        Label ask = new Label("Nothing is dropped unless you allow it: type the object's name, "
                + (node.key() == null ? node.label() : node.key().name())
                + ", and press Drop.");
        ask.setWrapText(true);
        Label result = new Label();
        result.setId("drop-result");
        result.setWrapText(true);
        VBox box = new VBox(8, review.statusRow(), review.summary(), review.warnings(), review.text(), ask, confirm, result, refusal);
        d.getDialogPane().setContent(box);
        ButtonType dropType = new ButtonType("Drop", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().addAll(dropType, ButtonType.CANCEL);
        Button drop = (Button) d.getDialogPane().lookupButton(dropType);
        drop.setId("drop-apply");
        wholeText(d, ask, result, refusal);
        // refused (not a droppable object, it holds what its stack manages, an error finding such as a registry it
        // holds): only the reason and Close; no plan box, no name to type, no Plan again
        refuse[0] = () -> {
            for (Node n : List.of(review.statusRow(), review.summary(), review.warnings(), review.text(), ask, confirm, result)) {
                n.setVisible(false);
                n.setManaged(false);
            }
            refusal.setVisible(true);
            refusal.setManaged(true);
            d.getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);
            Node close = d.getDialogPane().lookupButton(ButtonType.CLOSE);
            close.setId("drop-close");
            wholeText(d, refusal);
            close.requestFocus();
        };
        drop.getStyleClass().add(atlantafx.base.theme.Styles.DANGER);
        drop.disableProperty().bind(Bindings.createBooleanBinding(() -> current.get() == null || running.get()
                        || !current.get().plan().hasChanges() || !current.get().confirm().equals(confirm.getText()),
                current, running, confirm.textProperty()));
        drop.addEventFilter(ActionEvent.ACTION, a -> {
            a.consume();
            Workbench.DropPlan dp = current.get();
            if (dp == null) return;
            running.set(true);
            result.setText("Dropping " + dp.key() + "…");
            String typed = confirm.getText();
            Tasks.create(() -> wb.applyDrop(dp, typed, Progress.NONE)).onSuccess(out -> {
                running.set(false);
                ApplyResult r = out.result();
                if (out.commit() != null) afterCommit.run();
                if (r.succeeded()) {
                    model.post(UiMessage.of("drop", UiMessage.Severity.INFO, "Dropped " + dp.key() + " from " + profile.name(),
                            out.commit() == null ? "No stack managed it; nothing was committed."
                                    : dp.stack() == null ? "No stack managed it; the drop is recorded as " + out.commit().shortId() + "."
                                    : "Stack " + dp.stack().name() + " without it is committed as " + out.commit().shortId() + "."));
                    d.close();
                    LiveTreeModel tree = model.tree();
                    tree.refresh(item.getParent() != null ? item.getParent() : item);
                } else {
                    result.setText((r.outcome() == ApplyResult.Outcome.REFUSED ? "" : "The drop did not complete: ")
                            + r.failure() + (out.auditError() == null ? "" : "\n" + out.auditError()));
                }
            }).onError(ex -> {
                running.set(false);
                result.setText("Cannot drop " + dp.key() + ": " + UiErrors.message(ex));
            }).run(executor);
        });
        d.setOnHidden(h -> review.cancel(""));
        plan.run();
        d.show();
        return d;
    }

    /**
     * Why a drop's plan may not run, or null: its error findings (a registry the object holds, a governance rule),
     * which the apply would refuse anyway.
     */
    static String refusal(dev.mlpc.core.plan.Plan plan) {
        List<String> errors = plan.warnings().stream().filter(w -> "error".equals(w.severity()))
                .map(w -> w.message() + " [" + w.rule() + "]").toList();
        return errors.isEmpty() ? null : String.join("\n", errors);
    }

    // ---- live node actions --------------------------------------------------------------------------------------

    /**
     * Opens the dialog of one live action on a node ({@code #action-dialog}): its description, the choice
     * ({@code #action-choice-<value>} radio buttons, the first preselected), for a destructive action a check box
     * that must be ticked ({@code #action-confirm}), then Run ({@code #action-run}) with the provider's progress
     * ({@code #action-progress}, {@code #action-status}) and Cancel ({@code #action-cancel}: stops the wait, the
     * dialog stays; Close once idle). The outcome's line is {@code #action-result}, its details
     * {@code #action-details}; the outcome is also posted to the message bar, and the node's row is reloaded.
     */
    public Dialog<Void> runAction(TreeItem<TreeEntry> item, NodeAction action) {
        Workbench wb = model.workbenchProperty().get();
        TreeEntry e = item.getValue();
        NodeActionRun run = new NodeActionRun(wb::runNodeAction, executor, e.profile(), e.node(), action);
        String title = run.title();
        Dialog<Void> d = new Dialog<>();
        d.initOwner(owner.get());
        d.setTitle(title.replace("…", "") + " – " + run.target());
        d.setHeaderText(title.replace("…", "") + " on " + run.target() + " in " + e.profile().name());
        d.getDialogPane().setId("action-dialog");
        d.setResizable(true);
        VBox box = new VBox(8);
        if (action.description() != null && !action.description().isBlank()) {
            Label what = new Label(action.description());
            what.setId("action-description");
            what.setWrapText(true);
            box.getChildren().add(what);
        }
        if (!action.choices().isEmpty()) {
            ToggleGroup group = new ToggleGroup();
            HBox choices = new HBox(12);
            choices.setId("action-choices");
            for (String c : action.choices()) {
                RadioButton r = new RadioButton(c);
                r.setMnemonicParsing(false);   // a value, shown as it is
                r.setId("action-choice-" + c);
                r.setToggleGroup(group);
                r.setUserData(c);
                r.setSelected(c.equals(run.choiceProperty().get()));
                r.disableProperty().bind(run.runningProperty());
                choices.getChildren().add(r);
            }
            group.selectedToggleProperty().addListener((o, a, b) -> run.choiceProperty().set(b == null ? null : (String) b.getUserData()));
            box.getChildren().add(choices);
        }
        if (action.destructive()) {
            CheckBox confirm = new CheckBox("Yes, " + lowerFirst(title.replace("…", "")) + " on " + run.target());
            confirm.setMnemonicParsing(false);   // names the object: an underscore in its name stays
            confirm.setId("action-confirm");
            confirm.setWrapText(true);
            confirm.selectedProperty().bindBidirectional(run.confirmedProperty());
            confirm.disableProperty().bind(run.runningProperty());
            box.getChildren().add(confirm);
        }
        ProgressBar bar = new ProgressBar();
        bar.setId("action-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(Bindings.createDoubleBinding(() -> run.fractionProperty().get() < 0
                ? ProgressBar.INDETERMINATE_PROGRESS : run.fractionProperty().get(), run.fractionProperty()));
        bar.visibleProperty().bind(run.runningProperty());
        bar.managedProperty().bind(run.runningProperty());
        Label status = new Label();
        status.setId("action-status");
        status.setWrapText(true);
        status.textProperty().bind(run.statusProperty());
        Label result = new Label();
        result.setId("action-result");
        result.setWrapText(true);
        result.textProperty().bind(run.messageProperty());
        TextArea details = PlanReview.monospace("action-details");
        details.setPrefSize(560, 120);
        details.textProperty().bind(run.detailsProperty());
        details.visibleProperty().bind(run.detailsProperty().isNotEmpty());
        details.managedProperty().bind(details.visibleProperty());
        box.getChildren().addAll(bar, status, result, details);
        box.setPrefWidth(580);
        d.getDialogPane().setContent(box);
        ButtonType runType = new ButtonType(title.replace("…", ""), ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().addAll(runType, ButtonType.CANCEL);
        Button runButton = (Button) d.getDialogPane().lookupButton(runType);
        runButton.setId("action-run");
        wholeText(d, status, result);
        if (action.destructive()) runButton.getStyleClass().add(atlantafx.base.theme.Styles.DANGER);
        runButton.disableProperty().bind(run.canRunBinding().not());
        Button cancel = (Button) d.getDialogPane().lookupButton(ButtonType.CANCEL);
        cancel.setId("action-cancel");
        cancel.textProperty().bind(Bindings.createStringBinding(() -> run.runningProperty().get() ? "Cancel"
                : run.stateProperty().get() == NodeActionRun.State.READY ? "Cancel" : "Close", run.runningProperty(), run.stateProperty()));
        cancel.addEventFilter(ActionEvent.ACTION, a -> {
            if (run.runningProperty().get()) {
                a.consume();
                run.cancel();
            }
        });
        runButton.addEventFilter(ActionEvent.ACTION, a -> {
            a.consume();
            run.start(() -> afterAction(item, run));
        });
        d.setOnHidden(h -> run.cancel());
        d.show();
        return d;
    }

    /** After a run: the outcome to the message bar, and the node's row reloaded (its parent's for a leaf). */
    private void afterAction(TreeItem<TreeEntry> item, NodeActionRun run) {
        NodeActionRun.State s = run.stateProperty().get();
        UiMessage.Severity severity = switch (s) {
            case SUCCEEDED -> UiMessage.Severity.INFO;
            case CANCELLED, FAILED -> UiMessage.Severity.WARNING;
            default -> UiMessage.Severity.ERROR;
        };
        String text = run.detailsProperty().get();
        model.post(UiMessage.of("action:" + run.connection().name() + ":" + run.node().path(), severity,
                run.messageProperty().get(), text == null ? "" : text));
        TreeEntry e = item.getValue();
        boolean leaf = e != null && e.node() != null && e.node().leaf();
        model.tree().refresh(leaf && item.getParent() != null ? item.getParent() : item);
    }

    private static String lowerFirst(String s) {
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))) {
            return Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }
        return s;
    }

    // ---- Add to a stack -----------------------------------------------------------------------------------------

    /**
     * Opens the import dialog: a new or existing stack of the connection's provider; OK reads the object's observed
     * properties, appends them as a resource, validates, and commits through the workbench.
     */
    public Dialog<Void> importInto(TreeEntry e) {
        Workbench wb = model.workbenchProperty().get();
        LiveNode node = e.node();
        ConnectionProfile profile = e.profile();
        Dialog<Void> d = new Dialog<>();
        d.initOwner(owner.get());
        d.setTitle("Add " + label(node) + " to a stack");
        d.setHeaderText("Add " + label(node) + " to a stack, with its properties as they are in " + profile.name());
        d.getDialogPane().setId("import-dialog");
        ComboBox<String> stacks = new ComboBox<>();
        stacks.setId("import-stack");
        stacks.setEditable(true);
        stacks.setPromptText("a stack of " + profile.type() + ", or a new name");
        stacks.setMaxWidth(Double.MAX_VALUE);
        Label help = new Label("Choose a stack or type a new name (letters, digits, _ and -). The stack is validated and"
                + " committed to the config repository; nothing runs against " + profile.name() + ".");
        help.setWrapText(true);
        Label result = new Label();
        result.setId("import-result");
        result.setWrapText(true);
        d.getDialogPane().setContent(new VBox(8, help, stacks, result));
        d.getDialogPane().setPrefWidth(560);
        ButtonType add = new ButtonType("Add and commit", ButtonBar.ButtonData.OK_DONE);
        d.getDialogPane().getButtonTypes().addAll(add, ButtonType.CANCEL);
        Button ok = (Button) d.getDialogPane().lookupButton(add);
        ok.setId("import-ok");
        wholeText(d, help, result);
        BooleanProperty running = new SimpleBooleanProperty(false);
        ok.disableProperty().bind(Bindings.createBooleanBinding(() -> running.get()
                || !STACK_NAME.matcher(stacks.getEditor().getText().strip()).matches(), running, stacks.getEditor().textProperty()));
        Tasks.create(() -> wb.stacksFor(profile).stream().map(Stack::name).toList())
                .onSuccess(names -> stacks.getItems().setAll(names))
                .onError(ex -> result.setText("The stacks cannot be listed: " + UiErrors.message(ex))).run(executor);
        ok.addEventFilter(ActionEvent.ACTION, a -> {
            a.consume();
            String name = stacks.getEditor().getText().strip();
            running.set(true);
            result.setText("Reading " + label(node) + " and committing stack " + name + "…");
            Tasks.create(() -> wb.importResource(profile, node, name, Progress.NONE)).onSuccess(commit -> {
                running.set(false);
                model.post(UiMessage.of("import", UiMessage.Severity.INFO, "Added " + label(node) + " to stack " + name,
                        "Committed as " + commit.shortId() + " (not applied: the object already exists)."));
                d.close();
                afterCommit.run();
                model.tree().refreshDrift(profile.name());
            }).onError(ex -> {
                running.set(false);
                result.setText("Cannot add " + label(node) + " to stack " + name + ": " + UiErrors.message(ex));
            }).run(executor);
        });
        d.show();
        return d;
    }
}
