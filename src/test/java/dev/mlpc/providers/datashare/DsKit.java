package dev.mlpc.providers.datashare;

import dev.mlpc.core.plan.Differ;
import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.core.spec.StackException;
import dev.mlpc.core.spec.StackReader;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Shared plumbing of the Data Share provider tests: registry, stacks of seed 002, offline plans, profiles. */
final class DsKit {
    static final String SUB = "00000000-0000-0000-0000-000000000000";
    static final String TENANT = "11111111-1111-1111-1111-111111111111";
    static final String STORAGE_SUB = "22222222-2222-2222-2222-222222222222";
    static final String INVITATION_ID = "33333333-3333-3333-3333-333333333333";
    static final String SOURCE_DATASET_ID = "44444444-4444-4444-4444-444444444444";

    private DsKit() { }

    static ProviderRegistry registry(DataShareProvider provider) {
        return new ProviderRegistry(List.of(provider));
    }

    static Stack parse(ProviderRegistry registry, String yaml) throws StackException {
        return new StackReader(registry).parse("stack.yaml", yaml);
    }

    static Plan offlinePlan(ProviderRegistry registry, DataShareProvider provider, Stack stack) {
        return new Differ(registry).diff(stack, null, Inventory.nothing(), provider.renderer());
    }

    static ConnectionProfile profile(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return new ConnectionProfile("fl-azure", "datashare", m);
    }

    /** Seed 002, provider side: a resource group, an account, a share with a blob dataset, an invitation, a schedule. */
    static String providerStack() {
        return """
                stack: fl-provider
                resources:
                  - type: datashare.resource_group
                    name: fl-rg
                    location: eastus
                    tags: {Environment: Production}
                  - type: datashare.account
                    name: fl-share-account
                    resource_group: fl-rg
                    location: eastus
                    identity: {type: SystemAssigned}
                    tags: {Environment: Production}
                  - type: datashare.share
                    name: training-data
                    account: fl-share-account
                    share_kind: CopyBased
                    description: Federated-learning training data
                    terms: Terms of the data share agreement
                  - type: datashare.dataset
                    name: images
                    share: training-data
                    kind: BlobFolder
                    subscription_id: %s
                    resource_group: data-rg
                    storage_account_name: flsource
                    container_name: training
                    prefix: images/2026
                  - type: datashare.invitation
                    name: hospital-b
                    share: training-data
                    target_email: consumer@example.com
                    expiration_date: 2027-06-30T00:00:00Z
                  - type: datashare.synchronization_setting
                    name: daily
                    share: training-data
                    kind: ScheduleBased
                    recurrence_interval: Day
                    synchronization_time: 2026-12-01T02:00:00Z
                """.formatted(STORAGE_SUB);
    }

    /** Seed 002, consumer side: an account in an existing group, a share subscription, a mapping, a trigger. */
    static String consumerStack() {
        return """
                stack: fl-consumer
                resources:
                  - type: datashare.account
                    name: hospital-b-account
                    resource_group: consumer-rg
                    location: westeurope
                  - type: datashare.share_subscription
                    name: fl-training
                    account: hospital-b-account
                    invitation_id: %s
                    source_share_location: eastus
                  - type: datashare.dataset_mapping
                    name: images-to-local
                    share_subscription: fl-training
                    data_set_id: %s
                    kind: BlobFolder
                    subscription_id: %s
                    resource_group: consumer-rg
                    storage_account_name: hospitalb
                    container_name: received
                    prefix: images
                  - type: datashare.trigger
                    name: nightly
                    share_subscription: fl-training
                    recurrence_interval: Day
                    synchronization_time: 2026-12-01T03:00:00Z
                """.formatted(INVITATION_ID, SOURCE_DATASET_ID, STORAGE_SUB);
    }
}
