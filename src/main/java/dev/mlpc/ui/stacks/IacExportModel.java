package dev.mlpc.ui.stacks;

import dev.mlpc.core.spec.Stack;
import dev.mlpc.iac.IacExporter;
import dev.mlpc.iac.IacFormat;
import dev.mlpc.ui.Tasks;
import dev.mlpc.ui.UiErrors;
import dev.mlpc.ui.UiExecutor;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * "Export as IaC…" of the Stacks view without a window: the format, the output folder, and the export on the
 * background executor ({@link IacExporter}, the same translation as {@code mlpc export-iac}); the result says which
 * files were written and what has no equivalent. Tested with a stand-in UI thread.
 */
public final class IacExportModel {
    /** What an export wrote and what it could not carry over. */
    public record Outcome(Path directory, List<Path> written, List<String> unmapped) { }

    private final Stack stack;
    private final UiExecutor executor;
    private final ObjectProperty<IacFormat> format = new SimpleObjectProperty<>(this, "format", IacFormat.PULUMI_PYTHON);
    private final StringProperty directory = new SimpleStringProperty(this, "directory", "");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running", false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyObjectWrapper<Outcome> outcome = new ReadOnlyObjectWrapper<>(this, "outcome");
    private Path suggestionBase = Path.of(".");
    private String suggested;
    private boolean following;

    public IacExportModel(Stack stack, UiExecutor executor) {
        this.stack = Objects.requireNonNull(stack);
        this.executor = Objects.requireNonNull(executor);
    }

    public Stack stack() { return stack; }

    public ObjectProperty<IacFormat> formatProperty() { return format; }

    /** The output folder as typed or chosen. */
    public StringProperty directoryProperty() { return directory; }

    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }

    /** What was written and what has no equivalent, after an export. */
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }

    /** Why the export did not run or failed, empty when fine. */
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }

    public ReadOnlyObjectProperty<Outcome> outcomeProperty() { return outcome.getReadOnlyProperty(); }

    /**
     * A default folder: {@code <base>/<stack>-pulumi} or {@code <base>/<stack>-terraform} after the format; a change of
     * format changes the suggestion until the user types or chooses a folder of their own.
     */
    public void suggestDirectory(Path base) {
        suggestionBase = Objects.requireNonNull(base);
        if (directory.get() == null || directory.get().isBlank()) {
            suggested = suggestion(format.get());
            directory.set(suggested);
        }
        if (!following) {
            following = true;
            format.addListener((o, a, f) -> {
                String dir = directory.get();
                if (dir == null || dir.isBlank() || dir.equals(suggested)) {
                    suggested = suggestion(f);
                    directory.set(suggested);
                }
            });
        }
    }

    /** The folder suggested for a format: {@code <base>/<stack>-pulumi} or {@code <base>/<stack>-terraform}. */
    public String suggestion(IacFormat f) {
        String tool = f == IacFormat.TERRAFORM_JSON ? "terraform" : "pulumi";
        return suggestionBase.resolve(stack.name() + "-" + tool).toString();
    }

    /** Checks the inputs (a message naming the field), then exports on the background executor. */
    public void export() {
        error.set("");
        message.set("");
        String dir = directory.get() == null ? "" : directory.get().strip();
        if (dir.isEmpty()) {
            error.set("Folder: choose the folder to write the files into");
            return;
        }
        Path target;
        try {
            target = Path.of(dir);
        } catch (InvalidPathException e) {
            error.set("Folder: " + e.getReason());
            return;
        }
        IacFormat f = format.get() == null ? IacFormat.PULUMI_PYTHON : format.get();
        running.set(true);
        message.set("Exporting " + stack.name() + " as " + f.id() + "…");
        Tasks.create(() -> {
            IacExporter.Result r = new IacExporter().export(stack, f);
            return new Outcome(target, IacExporter.write(r, target), r.unmapped());
        }).onSuccess(o -> {
            outcome.set(o);
            message.set(describe(o));
        }).onError(e -> {
            message.set("");
            error.set("The export failed: " + UiErrors.message(e));
        }).onFinally(() -> running.set(false)).run(executor);
    }

    static String describe(Outcome o) {
        StringBuilder b = new StringBuilder("Wrote ").append(o.written().size())
                .append(o.written().size() == 1 ? " file" : " files").append(" to ").append(o.directory()).append(": ")
                .append(String.join(", ", o.written().stream().map(p -> p.getFileName().toString()).toList())).append('.');
        if (o.unmapped().isEmpty()) {
            b.append("\nEverything has an equivalent.");
        } else {
            b.append("\nNo equivalent (also listed as comments in the files):");
            o.unmapped().forEach(u -> b.append("\n  • ").append(u));
        }
        return b.toString();
    }
}
