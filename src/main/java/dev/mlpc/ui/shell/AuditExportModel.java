package dev.mlpc.ui.shell;

import dev.mlpc.app.AuditExport;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.ExportResult;
import dev.mlpc.ui.FxProgress;
import dev.mlpc.ui.Tasks;
import dev.mlpc.ui.UiErrors;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * File → Export for auditors…: runs {@link AuditExport} on the shared background executor, exposes its progress and
 * lets the user cancel it (nothing is written then), reports the outcome in the message bar and opens the HTML report
 * in the system browser. No JavaFX node here: tested without a window.
 */
public final class AuditExportModel {
    /** The key of this feature's messages in the message bar. */
    public static final String MESSAGE_KEY = "audit-export";

    private final MainViewModel main;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyDoubleWrapper fraction = new ReadOnlyDoubleWrapper(this, "fraction", -1);
    private FxProgress progress;
    private Consumer<String> browser = url -> { };

    public AuditExportModel(MainViewModel main) {
        this.main = Objects.requireNonNull(main);
    }

    /** How a report is opened (the application's {@code HostServices.showDocument}). */
    public void setBrowser(Consumer<String> browser) {
        this.browser = Objects.requireNonNull(browser);
    }

    /** True while an export runs. */
    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }

    /** The running export's status line. */
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }

    /** Done fraction, -1 while unknown. */
    public ReadOnlyDoubleProperty fractionProperty() { return fraction.getReadOnlyProperty(); }

    /** Starts exporting the console's config repository to {@code bundle}; ignored while one runs. Call on the FX thread. */
    public void start(Path bundle) {
        Objects.requireNonNull(bundle, "bundle");
        Workbench wb = main.workbenchProperty().get();
        if (wb == null || running.get()) return;
        FxProgress p = new FxProgress(main.executor().fx());
        progress = p;
        status.bind(p.messageProperty());
        fraction.bind(p.fractionProperty());
        running.set(true);
        main.dismiss(MESSAGE_KEY);
        Tasks.create(() -> AuditExport.run(wb, bundle, p))
                .onSuccess(this::exported)
                .onError(e -> main.post(p.cancelled()
                        ? UiMessage.of(MESSAGE_KEY, UiMessage.Severity.INFO, "Export cancelled", "Nothing was written.")
                        : UiMessage.of(MESSAGE_KEY, UiMessage.Severity.ERROR, "The export for auditors failed", UiErrors.message(e))))
                .onFinally(() -> {
                    status.unbind();
                    fraction.unbind();
                    running.set(false);
                    progress = null;
                })
                .run(main.executor());
    }

    /** Asks the running export to stop before it writes anything. */
    public void cancel() {
        FxProgress p = progress;
        if (p != null) p.cancel();
    }

    private void exported(ExportResult r) {
        main.post(UiMessage.of(MESSAGE_KEY, UiMessage.Severity.INFO,
                "Exported " + r.commits() + (r.commits() == 1 ? " commit" : " commits") + " for auditors; the report opens in your browser",
                "report   " + r.report() + "\nbundle   " + r.bundle() + " (sha256 " + r.bundleSha256() + ")\nmanifest "
                        + r.manifestJson() + "\nmanifest " + r.manifestText()));
        if (r.report() != null) browser.accept(r.report().toUri().toString());
    }
}
