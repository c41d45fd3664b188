package dev.mlpc.providers.datashare;

import dev.mlpc.core.plan.Differ;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.testing.DriftKinds;
import dev.mlpc.testing.datashare.DataShareSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.mlpc.providers.datashare.DsKit.STORAGE_SUB;
import static dev.mlpc.providers.datashare.DsKit.SUB;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Data Share kind has a drift test ({@link DriftKinds}): the seed's provider side (resource group, account,
 * share, dataset, invitation, synchronization setting) and consumer side (account, share subscription accepting a
 * received invitation, dataset mapping, trigger), applied to the simulator through azure-core, are in sync node by
 * node, then differ kind by kind (immutable properties too: the plan replaces, the node differs).
 */
class DriftEveryKindDataShareTest {
    private DataShareSimulator sim;
    private DataShareSession session;

    @AfterEach
    void stop() {
        if (session != null) session.close();
        if (sim != null) {
            sim.close();
            assertThat(sim.failures()).as("simulator failures").isEmpty();
        }
    }

    @Test
    void everyKindIsMarkedInSyncThenDiffers() throws Exception {
        sim = DataShareSimulator.start();
        sim.expectBearer(DataShareSimulatorRoundTripTest.TOKEN);
        sim.seedStorageAccount(STORAGE_SUB, "data-rg", "flsource");
        sim.seedResourceGroup(SUB, "consumer-rg", "westeurope");
        sim.seedStorageAccount(STORAGE_SUB, "consumer-rg", "hospitalb");
        String invitation = sim.seedReceivedInvitation("provider@example.com", "fl-share", "eastus");
        String training = "/subscriptions/" + DataShareSimulator.PROVIDER_SUBSCRIPTION
                + "/resourceGroups/provider-rg/providers/Microsoft.DataShare/accounts/provider-1/shares/fl-share/dataSets/training";
        String dataSetId = sim.resource(training).path("properties").path("dataSetId").asText();
        DataShareProvider provider = new DataShareProvider(Duration.ofMillis(5), sim.httpClient(), DataShareSimulatorRoundTripTest.token());
        var registry = DsKit.registry(provider);
        session = (DataShareSession) provider.connect(DsKit.profile("subscription_id", SUB, "tenant_id", DataShareSimulator.TENANT,
                        "cloud", "custom", "resource_manager_endpoint", sim.endpoint().toString(), "authority_host", "https://127.0.0.1:1/"),
                ref -> { throw new AssertionError("no secret is read"); }, Duration.ofSeconds(20));
        Stack producer = DsKit.parse(registry, DsKit.providerStack());
        Stack consumer = DsKit.parse(registry, DsKit.consumerStack().replace(DsKit.INVITATION_ID, invitation)
                .replace(DsKit.SOURCE_DATASET_ID, dataSetId)
                .replace("kind: BlobFolder", "kind: Container").replace("    prefix: images\n", ""));
        List<Resource> all = new ArrayList<>();
        for (Stack st : List.of(producer, consumer)) {
            var plan = new Differ(registry).diff(st, null, session.read(st.resources(), Progress.NONE),
                    session.renderer(provider.renderer().forStack(st)));
            var result = session.apply(plan, Progress.NONE);
            assertThat(result.failure()).as(st.name()).isNull();
            all.addAll(st.resources());
        }
        Stack both = new Stack("both-sides", "", all, producer.sourceFile());
        DriftKinds.assertEveryKind(provider, registry, session, both, Map.ofEntries(
                entry(DataShareTypes.RESOURCE_GROUP, "tags"),
                entry(DataShareTypes.ACCOUNT, "tags"),
                entry(DataShareTypes.SHARE, "description"),
                entry(DataShareTypes.DATASET, "container_name"),
                entry(DataShareTypes.INVITATION, "target_email"),
                entry(DataShareTypes.SYNCHRONIZATION_SETTING, "recurrence_interval"),
                entry(DataShareTypes.SHARE_SUBSCRIPTION, "source_share_location"),
                entry(DataShareTypes.DATASET_MAPPING, "container_name"),
                entry(DataShareTypes.TRIGGER, "recurrence_interval")), n -> true);
    }
}
