package dev.mlpc;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.Provider;
import dev.mlpc.core.provider.ProviderDescriptor;
import dev.mlpc.core.provider.WizardSpec;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * One provider as the console registers it ({@link Modules}): the provider and, for each wizard its description
 * ({@link ProviderDescriptor#wizards()}) names, the factory that opens that wizard's window. The console's New menu,
 * settings dialog and tree icons are built from these; nothing under {@code dev.mlpc.ui} names a provider.
 */
public final class ProviderModule {
    /** Creates a wizard's window over the workbench; the wizard's work runs on {@code executor}. */
    @FunctionalInterface
    public interface WizardLauncher {
        WizardWindow open(Workbench workbench, ExecutorService executor);
    }

    /** An opened wizard, as the main window handles it: show it, and know whether it is still showing. */
    public interface WizardWindow {
        /**
         * Shows the wizard owned by {@code owner}.
         *
         * @param onCommitted runs after each commit the wizard makes (on any thread)
         */
        void show(Window owner, Runnable onCommitted);

        /** The wizard's window (null before it was shown). */
        Stage stage();

        /** A wizard window from its {@code show} and {@code stage} methods. */
        static WizardWindow of(BiConsumer<Window, Runnable> show, Supplier<Stage> stage) {
            Objects.requireNonNull(show);
            Objects.requireNonNull(stage);
            return new WizardWindow() {
                @Override
                public void show(Window owner, Runnable onCommitted) { show.accept(owner, onCommitted); }

                @Override
                public Stage stage() { return stage.get(); }
            };
        }
    }

    private final Provider provider;
    private final ProviderDescriptor descriptor;
    private final Map<String, WizardLauncher> wizards;

    /**
     * @param wizards a launcher for each wizard id of the provider's description, and no other
     * @throws IllegalArgumentException when a described wizard has no launcher, or a launcher no described wizard
     */
    public ProviderModule(Provider provider, Map<String, WizardLauncher> wizards) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.descriptor = Objects.requireNonNull(provider.describe(), "describe()");
        if (!descriptor.id().equals(provider.id())) {
            throw new IllegalArgumentException("provider " + provider.id() + " describes itself as " + descriptor.id());
        }
        this.wizards = new LinkedHashMap<>(wizards);
        for (WizardSpec w : descriptor.wizards()) {
            if (!this.wizards.containsKey(w.id())) {
                throw new IllegalArgumentException("provider " + provider.id() + ": wizard " + w.id() + " has no launcher");
            }
        }
        for (String id : this.wizards.keySet()) {
            if (descriptor.wizard(id).isEmpty()) {
                throw new IllegalArgumentException("provider " + provider.id() + ": launcher " + id + " names no described wizard");
            }
        }
    }

    /** A module whose provider offers no wizard. */
    public static ProviderModule of(Provider provider) {
        return new ProviderModule(provider, Map.of());
    }

    public Provider provider() { return provider; }

    /** The provider's description, taken once when the module was made. */
    public ProviderDescriptor descriptor() { return descriptor; }

    /** The launcher of wizard {@code id}. */
    public Optional<WizardLauncher> launcher(String wizardId) {
        return Optional.ofNullable(wizards.get(wizardId));
    }

    /** The providers of {@code modules}, in order. */
    public static List<Provider> providers(List<ProviderModule> modules) {
        return modules.stream().map(ProviderModule::provider).toList();
    }

    @Override
    public String toString() { return provider.id(); }
}
