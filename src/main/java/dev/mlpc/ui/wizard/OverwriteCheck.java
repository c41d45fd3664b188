package dev.mlpc.ui.wizard;

import atlantafx.base.theme.Styles;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.AuditException;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.StackDiff;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.ui.UiErrors;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * The wizard review's guard against overwriting a stack: when the config repository already has a stack of the
 * wizard's name, the review says so, shows what the wizard's version would change in it (the semantic
 * {@link StackDiff} from the committed stack to the wizard's), and Finish stays disabled until the user ticks
 * "Overwrite". The repository is read on the background executor. FX thread for everything but {@link #find}.
 *
 * <p>Ids: {@code #overwriteWarning} (the box), {@code #overwriteText}, {@code #overwriteDiff},
 * {@code #confirmOverwrite}.</p>
 */
public final class OverwriteCheck {
    /**
     * A stack of that name at the repository's head.
     *
     * @param last    its newest commit, or null when none names it
     * @param diff    what the wizard's version changes, or null when the committed version does not read
     * @param problem why the committed version does not read, or null
     */
    public record Existing(String name, CommitInfo last, StackDiff diff, String problem) {
        /** The warning line. */
        public String headline() {
            return "A stack named " + name + " already exists in the config repository"
                    + (last == null ? "" : " (last commit " + last.shortId() + " by " + last.authorName() + ": "
                    + last.subject() + ")") + ". Finishing replaces it with this wizard's version.";
        }

        /** What would change, for the text area. */
        public String changes() {
            if (diff == null) return "The committed version does not read (" + problem + "); it would be replaced as a whole.";
            if (diff.isEmpty()) return "No resource would change (the same resources and properties).";
            return diff.toText().stripTrailing();
        }
    }

    /**
     * The stack named {@code name} at the head of the workbench's repository compared with the wizard's
     * {@code wizardStack}; empty when there is none, or when it is the version this wizard run committed itself
     * ({@code ownYaml}: going back after a commit or a refused apply to finish again is not an overwrite). Blocks on
     * Git: background only.
     */
    public static Optional<Existing> find(Workbench wb, String name, Stack wizardStack, String ownYaml)
            throws StackException, AuditException {
        try (ConfigRepository repo = wb.repository()) {
            Optional<String> yaml = repo.readStack(name);
            if (yaml.isEmpty() || yaml.get().equals(ownYaml)) return Optional.empty();
            List<CommitInfo> versions = repo.stackVersions(name);
            CommitInfo last = versions.isEmpty() ? null : versions.get(0);
            try {
                Stack committed = wb.parseStack("stacks/" + name + ".yaml", yaml.get());
                return Optional.of(new Existing(name, last, StackDiff.between(committed, wizardStack, wb.registry()), null));
            } catch (StackException e) {
                return Optional.of(new Existing(name, last, null, UiErrors.message(e)));
            }
        }
    }

    /**
     * Whether the repository's head has a stack named {@code name} other than the version this wizard run committed
     * itself ({@code ownYaml}); for the note under the stack-name field. Blocks on Git: background only.
     */
    public static boolean exists(Workbench wb, String name, String ownYaml) throws StackException, AuditException {
        try (ConfigRepository repo = wb.repository()) {
            Optional<String> yaml = repo.readStack(name);
            return yaml.isPresent() && !yaml.get().equals(ownYaml);
        }
    }

    private final ObjectProperty<Existing> existing = new SimpleObjectProperty<>(this, "existing");
    private final BooleanProperty checking = new SimpleBooleanProperty(this, "checking", false);
    private final CheckBox confirm = new CheckBox();
    private final Label text = new Label();
    private final TextArea diff = PlanReview.monospace("overwriteDiff");
    private final VBox box;
    private long generation;

    public OverwriteCheck() {
        text.setId("overwriteText");
        text.getStyleClass().add(Styles.WARNING);
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        diff.setPrefRowCount(6);
        confirm.setId("confirmOverwrite");
        confirm.setMnemonicParsing(true);
        box = new VBox(4, text, diff, confirm);
        box.setId("overwriteWarning");
        box.visibleProperty().bind(existing.isNotNull());
        box.managedProperty().bind(box.visibleProperty());
    }

    /** The warning box for the review page. */
    public Node node() { return box; }

    /** The stack found (null when none, or while checking). */
    public ObjectProperty<Existing> existing() { return existing; }

    /** True when Finish must wait: the check runs, or a stack would be overwritten without the user's yes. */
    public BooleanBinding blocksFinish() {
        return checking.or(Bindings.createBooleanBinding(() -> existing.get() != null && !confirm.isSelected(),
                existing, confirm.selectedProperty()));
    }

    /** Forgets the last result (the review starts over). */
    public void clear() {
        generation++;
        checking.set(false);
        existing.set(null);
        confirm.setSelected(false);
    }

    /**
     * Looks for a committed stack of the wizard stack's name on {@code executor}; the box follows.
     *
     * @param ownYaml the YAML this wizard run last committed, or null
     */
    public void check(Workbench wb, ExecutorService executor, Stack wizardStack, String ownYaml) {
        clear();
        long gen = generation;
        checking.set(true);
        PlanReview.async(executor, () -> find(wb, wizardStack.name(), wizardStack, ownYaml), found -> {
            if (gen != generation) return;
            checking.set(false);
            found.ifPresent(e -> {
                text.setText(e.headline());
                diff.setText(e.changes());
                confirm.setText("_Overwrite stack " + e.name() + " with this version");
                existing.set(e);
            });
        }, e -> {
            if (gen != generation) return;
            checking.set(false);
            text.setText("Cannot tell whether a stack named " + wizardStack.name() + " exists already: "
                    + UiErrors.message(e) + ". Finishing would replace one if it does.");
            diff.setText("");
            confirm.setText("_Overwrite stack " + wizardStack.name() + " if it exists");
            existing.set(new Existing(wizardStack.name(), null, null, UiErrors.message(e)));
        });
    }
}
