package dev.mlpc.providers.datashare;

import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Differ;
import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.PlanWarning;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.governance.Governance;
import dev.mlpc.testing.datashare.DataShareSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.mlpc.providers.datashare.DsKit.SUB;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dropping a {@code datashare.resource_group} deletes everything in it in Azure, so it is refused at plan time (rule
 * {@code resource-group-not-empty}, severity error: the apply is blocked) and again at apply time while the group
 * holds resources this stack does not delete. Against {@link DataShareSimulator}, the reviewer's repro: stack
 * fl-provider declares fl-rg, another stack has an account in it, fl-provider then declares nothing.
 */
class DataShareResourceGroupDropTest {
    static final String RG = "/subscriptions/" + SUB + "/resourceGroups/fl-rg";
    static final String OTHER_ACCOUNT = RG + "/providers/Microsoft.DataShare/accounts/other-account";
    static final String OTHER_STORAGE = RG + "/providers/Microsoft.Storage/storageAccounts/otherstore";
    static final String OTHER_STACK = """
            stack: other-team
            resources:
              - type: datashare.account
                name: other-account
                resource_group: fl-rg
                location: eastus
            """;
    static final String EMPTY = """
            stack: fl-provider
            resources: []
            """;

    private DataShareSimulator sim;
    private DataShareProvider provider;
    private ProviderRegistry registry;
    private DataShareSession session;

    @BeforeEach
    void start() throws Exception {
        sim = DataShareSimulator.start();
        sim.expectBearer(DataShareSimulatorRoundTripTest.TOKEN);
        sim.seedStorageAccount(DsKit.STORAGE_SUB, "data-rg", "flsource");
        sim.lroPolls(1);
        provider = new DataShareProvider(Duration.ofMillis(5), sim.httpClient(), DataShareSimulatorRoundTripTest.token());
        registry = DsKit.registry(provider);
        ConnectionProfile profile = DsKit.profile("subscription_id", SUB, "tenant_id", DataShareSimulator.TENANT, "cloud", "custom",
                "resource_manager_endpoint", sim.endpoint().toString(), "authority_host", "https://127.0.0.1:1/");
        session = (DataShareSession) provider.connect(profile, ref -> { throw new AssertionError("no secret is read"); }, Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() {
        if (session != null) session.close();
        sim.close();
        assertThat(sim.failures()).as("simulator failures").isEmpty();
    }

    private Plan plan(Stack desired, Stack previous) throws ProviderException {
        List<Resource> managed = new ArrayList<>(desired.resources());
        if (previous != null) previous.resources().stream().filter(r -> desired.find(r.key()).isEmpty()).forEach(managed::add);
        Inventory inv = session.read(managed, Progress.NONE);
        return new Differ(registry).diff(desired, previous, inv, session.renderer(provider.renderer().forStack(desired)));
    }

    private Stack applied(String yaml) throws Exception {
        Stack s = DsKit.parse(registry, yaml);
        ApplyResult r = session.apply(plan(s, null), Progress.NONE);
        assertThat(r.outcome()).as(r.failure()).isEqualTo(ApplyResult.Outcome.SUCCEEDED);
        return s;
    }

    private static List<PlanWarning> groupErrors(Plan p) {
        return p.warnings().stream().filter(w -> w.rule().equals("resource-group-not-empty")).toList();
    }

    @Test
    void droppingAGroupThatHoldsAnotherStacksAccountIsBlockedAtPlanAndRefusedAtApply() throws Exception {
        Stack provider = applied(DsKit.providerStack());
        applied(OTHER_STACK);
        sim.seedStorageAccount(SUB, "fl-rg", "otherstore");
        sim.pageSize(1);                                   // the group's list comes in pages: nextLink is followed

        Plan drop = plan(DsKit.parse(registry, EMPTY), provider);
        assertThat(drop.changes()).filteredOn(c -> c.type().equals(DataShareTypes.RESOURCE_GROUP))
                .singleElement().extracting(Change::action).isEqualTo(Action.DROP);
        assertThat(groupErrors(drop)).singleElement().satisfies(w -> {
            assertThat(w.severity()).isEqualTo("error");
            assertThat(w.name()).isEqualTo("fl-rg");
            assertThat(w.message()).startsWith("not dropped: resource group fl-rg still holds 2 resource(s) this plan does not delete: ")
                    .contains("Microsoft.DataShare/accounts other-account").contains("Microsoft.Storage/storageAccounts otherstore")
                    .doesNotContain("fl-share-account");
        });
        assertThat(Governance.blocking(drop)).as("the apply is refused").isNotEmpty();

        // defence in depth: run the plan anyway; the group's delete lists it again and refuses
        ApplyResult r = session.apply(drop, Progress.NONE);
        assertThat(r.outcome()).isNotEqualTo(ApplyResult.Outcome.SUCCEEDED);
        assertThat(r.failure()).contains("resource group fl-rg still holds 2 resource(s) this stack does not manage: ")
                .contains("Microsoft.DataShare/accounts other-account").endsWith("; not deleted");
        assertThat(sim.resource(OTHER_ACCOUNT)).as("the other stack's account").isNotNull();
        assertThat(sim.resource(OTHER_STORAGE)).as("the unmanaged storage account").isNotNull();
        assertThat(sim.resource(RG)).isNotNull();
        assertThat(sim.resource(DataShareSimulatorRoundTripTest.ACCOUNT)).as("this stack's own account was dropped").isNull();
        assertThat(sim.requests()).noneMatch(q -> q.method().equals("DELETE") && q.path().equalsIgnoreCase(RG));
    }

    @Test
    void aGroupHoldingOnlyThisStacksObjectsDroppedInTheSamePlanIsDeleted() throws Exception {
        Stack provider = applied(DsKit.providerStack());

        Plan drop = plan(DsKit.parse(registry, EMPTY), provider);
        assertThat(groupErrors(drop)).isEmpty();
        assertThat(Governance.blocking(drop)).isEmpty();
        ApplyResult r = session.apply(drop, Progress.NONE);
        assertThat(r.outcome()).as(r.failure()).isEqualTo(ApplyResult.Outcome.SUCCEEDED);
        assertThat(sim.resource(RG)).isNull();
        assertThat(sim.resource(DataShareSimulatorRoundTripTest.ACCOUNT)).isNull();
    }

    @Test
    void droppingTheGroupWhileTheStackStillDeclaresItsAccountIsBlocked() throws Exception {
        Stack provider = applied(DsKit.providerStack());
        List<Resource> rest = provider.resources().stream().filter(x -> !x.type().equals(DataShareTypes.RESOURCE_GROUP)).toList();
        Stack withoutGroup = new Stack(provider.name(), provider.description(), rest, null);

        Plan drop = plan(withoutGroup, provider);
        assertThat(groupErrors(drop)).singleElement().satisfies(w -> assertThat(w.message())
                .contains("still holds 1 resource(s)").contains("datashare.account fl-share-account (still in this stack)"));
        assertThat(Governance.blocking(drop)).isNotEmpty();
    }
}
