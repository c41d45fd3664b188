package dev.mlpc;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.providers.datashare.DataShareProvider;
import dev.mlpc.providers.postgres.PostgresProvider;
import dev.mlpc.providers.sagemaker.SageMakerProvider;
import dev.mlpc.providers.snowflake.SnowflakeProvider;
import dev.mlpc.ui.wizard.postgres.PostgresWizard;
import dev.mlpc.ui.wizard.sagemaker.SageMakerDomainWizard;
import dev.mlpc.ui.wizard.snowflake.FederatedMlWizard;
import dev.mlpc.ui.wizard.snowflake.MlflowWizard;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * The one place where providers are registered: each provider with the factories of its wizards. The CLI and the
 * console take their {@link ProviderRegistry} from here ({@code Workbench.standardProviders()}), the console its New
 * menu, settings types and tree icons. Adding a system (SageMaker, Azure Data Share) means adding its module to
 * {@link #standard()}; no class under {@code dev.mlpc.ui} changes.
 */
public final class Modules {
    private Modules() { }

    /** The providers of this build, in the order the console lists them. */
    public static List<ProviderModule> standard() {
        return List.of(
                new ProviderModule(new PostgresProvider(), Map.of(PostgresProvider.BACKEND_WIZARD, Modules::postgresWizard)),
                new ProviderModule(new SnowflakeProvider(), Map.of(
                        SnowflakeProvider.FEDERATED_ML_WIZARD, Modules::federatedMlWizard,
                        SnowflakeProvider.MLFLOW_WIZARD, Modules::mlflowWizard)),
                new ProviderModule(new SageMakerProvider(), Map.of(SageMakerDomainWizard.WIZARD_ID, Modules::sageMakerDomainWizard)),
                new ProviderModule(new DataShareProvider(), Map.of()));
    }

    /**
     * The registry of the modules' providers.
     *
     * @throws IllegalArgumentException when two modules use one provider id or one wizard id
     */
    public static ProviderRegistry registry(List<ProviderModule> modules) {
        check(modules);
        return new ProviderRegistry(ProviderModule.providers(modules));
    }

    /** Fails when two modules use one provider id, or two wizards one id. */
    public static void check(List<ProviderModule> modules) {
        Set<String> providers = new HashSet<>();
        Set<String> wizards = new HashSet<>();
        for (ProviderModule m : modules) {
            if (!providers.add(m.provider().id())) throw new IllegalArgumentException("provider " + m.provider().id() + " is registered twice");
            for (var w : m.descriptor().wizards()) {
                if (!wizards.add(w.id())) throw new IllegalArgumentException("wizard id " + w.id() + " is used twice");
            }
        }
    }

    private static ProviderModule.WizardWindow postgresWizard(Workbench wb, ExecutorService executor) {
        PostgresWizard w = new PostgresWizard(wb, executor);
        return ProviderModule.WizardWindow.of(w::show, w::stage);
    }

    private static ProviderModule.WizardWindow federatedMlWizard(Workbench wb, ExecutorService executor) {
        FederatedMlWizard w = new FederatedMlWizard(wb, executor);
        return ProviderModule.WizardWindow.of(w::show, w::stage);
    }

    private static ProviderModule.WizardWindow mlflowWizard(Workbench wb, ExecutorService executor) {
        MlflowWizard w = new MlflowWizard(wb, executor);
        return ProviderModule.WizardWindow.of(w::show, w::stage);
    }

    private static ProviderModule.WizardWindow sageMakerDomainWizard(Workbench wb, ExecutorService executor) {
        SageMakerDomainWizard w = new SageMakerDomainWizard(wb, executor);
        return ProviderModule.WizardWindow.of(w::show, w::stage);
    }
}
