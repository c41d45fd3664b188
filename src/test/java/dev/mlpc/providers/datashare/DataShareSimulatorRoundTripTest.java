package dev.mlpc.providers.datashare;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Differ;
import dev.mlpc.core.plan.Inventory;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.PlanWarning;
import dev.mlpc.core.plan.Safety;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.testing.datashare.DataShareSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import static dev.mlpc.providers.datashare.DsKit.STORAGE_SUB;
import static dev.mlpc.providers.datashare.DsKit.SUB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Data Share provider end to end against {@link DataShareSimulator} (https on 127.0.0.1, the real azure-core
 * pipeline and azure-core-management's LRO poller): plan → apply → re-plan on both sides with long-running creates and
 * deletes, updates, role checks, paging, failed operations, ARM errors, throttling, a withdrawn invitation.
 */
class DataShareSimulatorRoundTripTest {
    static final String TOKEN = "sim-bearer-token-1";
    static final String RG = "/subscriptions/" + SUB + "/resourceGroups/fl-rg";
    static final String ACCOUNT = RG + "/providers/Microsoft.DataShare/accounts/fl-share-account";
    static final String SHARE = ACCOUNT + "/shares/training-data";
    static final String SOURCE = "/subscriptions/" + STORAGE_SUB + "/resourceGroups/data-rg/providers/Microsoft.Storage/storageAccounts/flsource";

    private DataShareSimulator sim;
    private DataShareProvider provider;
    private ProviderRegistry registry;
    private Differ differ;
    private DataShareSession session;

    static TokenCredential token() {
        return ctx -> Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));
    }

    ConnectionProfile profile() {
        return DsKit.profile("subscription_id", SUB, "tenant_id", DataShareSimulator.TENANT, "cloud", "custom",
                "resource_manager_endpoint", sim.endpoint().toString(), "authority_host", "https://127.0.0.1:1/");
    }

    @BeforeEach
    void start() throws Exception {
        sim = DataShareSimulator.start();
        sim.expectBearer(TOKEN);
        sim.seedStorageAccount(STORAGE_SUB, "data-rg", "flsource");
        sim.lroPolls(2);
        provider = new DataShareProvider(Duration.ofMillis(5), sim.httpClient(), token());
        registry = DsKit.registry(provider);
        differ = new Differ(registry);
        session = (DataShareSession) provider.connect(profile(), ref -> { throw new AssertionError("no secret is read"); }, Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() {
        if (session != null) session.close();
        sim.close();
        assertThat(sim.failures()).as("simulator failures").isEmpty();
    }

    private Stack parse(String yaml) throws Exception {
        return DsKit.parse(registry, yaml);
    }

    private Plan plan(Stack desired, Stack previous) throws ProviderException {
        List<Resource> managed = new ArrayList<>(desired.resources());
        if (previous != null) previous.resources().stream().filter(r -> desired.find(r.key()).isEmpty()).forEach(managed::add);
        Inventory inv = session.read(managed, Progress.NONE);
        return differ.diff(desired, previous, inv, session.renderer(provider.renderer().forStack(desired)));   // as the planner
    }

    private ApplyResult apply(Plan plan) {
        return session.apply(plan, Progress.NONE);
    }

    private static List<String> rules(Plan p) {
        return p.warnings().stream().map(PlanWarning::rule).toList();
    }

    @Test
    void providerSidePlanApplyReplanWithLongRunningCreateAndDelete() throws Exception {
        Stack stack = parse(DsKit.providerStack());
        Plan first = plan(stack, null);
        assertThat(first.actionable()).extracting(Change::action).containsOnly(Action.CREATE).hasSize(6);
        // the account does not exist yet: its identity's roles are checked later
        assertThat(first.warnings()).singleElement().satisfies(w -> {
            assertThat(w.rule()).isEqualTo("role-not-checked");
            assertThat(w.message()).startsWith("not checked yet whether account fl-share-account's managed identity may read storage account flsource").contains("the account does not exist yet").contains("the check runs in the plan after the account exists");
        });

        ApplyResult applied = apply(first);
        assertThat(applied.outcome()).as(applied.failure()).isEqualTo(ApplyResult.Outcome.SUCCEEDED);
        // the account's create is long-running: its operation URL is the step's system id, polled until done
        ApplyResult.Executed account = applied.executed().get(1);
        assertThat(account.resource()).isEqualTo("datashare.account fl-share-account");
        assertThat(account.systemId()).contains("/operationStatuses/");
        assertThat(account.outputs()).containsEntry("Id", ACCOUNT).containsKey("PrincipalId");
        assertThat(sim.resource(ACCOUNT).path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(sim.resource(SHARE + "/dataSets/images").path("kind").asText()).isEqualTo("BlobFolder");
        assertThat(sim.resource(SHARE + "/invitations/hospital-b").path("properties").path("invitationStatus").asText()).isEqualTo("Pending");
        assertThat(sim.requests()).filteredOn(r -> r.path().contains("operationStatuses")).hasSizeGreaterThanOrEqualTo(2);

        Plan again = plan(stack, stack);
        assertThat(again.actionable()).as(again.actionable().toString()).isEmpty();
        String principal = (String) account.outputs().get("PrincipalId");
        assertThat(again.warnings()).singleElement().satisfies(w -> {
            assertThat(w.rule()).isEqualTo("role-missing");
            assertThat(w.name()).isEqualTo("images");
            assertThat(w.message()).contains("principal " + principal).contains("Storage Blob Data Reader").contains("flsource")
                    .contains("--scope " + SOURCE);
        });
        sim.grantRole(SOURCE, principal, DataShareSimulator.STORAGE_BLOB_DATA_READER);
        assertThat(plan(stack, stack).warnings()).isEmpty();

        // in-place updates: resource group tags (PUT with its location), account tags (PATCH), share terms (PUT)
        String changedYaml = DsKit.providerStack().replace("    identity: {type: SystemAssigned}\n    tags: {Environment: Production}",
                "    identity: {type: SystemAssigned}\n    tags: {Environment: Staging}").replace("Terms of the data share agreement", "Terms v2")
                .replaceFirst("tags: \\{Environment: Production}", "tags: {Environment: Production, CostCenter: fl-42}");
        Stack changed = parse(changedYaml);
        Plan update = plan(changed, stack);
        assertThat(update.actionable()).extracting(c -> c.action() + " " + c.name())
                .containsExactly("UPDATE fl-rg", "UPDATE fl-share-account", "UPDATE training-data");
        assertThat(apply(update).outcome()).isEqualTo(ApplyResult.Outcome.SUCCEEDED);
        assertThat(sim.resource(RG).path("tags").path("CostCenter").asText()).isEqualTo("fl-42");
        assertThat(sim.resource(ACCOUNT).path("tags").path("Environment").asText()).isEqualTo("Staging");
        assertThat(sim.resource(SHARE).path("properties").path("terms").asText()).isEqualTo("Terms v2");
        assertThat(plan(changed, changed).actionable()).isEmpty();

        // removing the share's children: destructive deletes (the dataset's is long-running), the invitation withdrawn
        Stack smaller = parse(changedYaml.substring(0, changedYaml.indexOf("  - type: datashare.dataset")));
        Plan drop = plan(smaller, changed);
        assertThat(drop.actionable()).extracting(c -> c.action() + " " + c.name())
                .containsExactlyInAnyOrder("DROP images", "DROP hospital-b", "DROP daily");
        assertThat(drop.destructive()).hasSize(3).allMatch(c -> c.safety() == Safety.DESTRUCTIVE);
        ApplyResult dropped = apply(drop);
        assertThat(dropped.outcome()).as(dropped.failure()).isEqualTo(ApplyResult.Outcome.SUCCEEDED);
        assertThat(sim.resource(SHARE + "/dataSets/images")).isNull();
        assertThat(sim.resource(SHARE + "/invitations/hospital-b")).isNull();
        assertThat(plan(smaller, smaller).actionable()).isEmpty();

        // the account and everything in it: a long-running delete
        Stack onlyGroup = parse(changedYaml.substring(0, changedYaml.indexOf("  - type: datashare.account")));
        Plan gone = plan(onlyGroup, smaller);
        assertThat(gone.actionable()).extracting(c -> c.action() + " " + c.name()).containsExactly("DROP training-data", "DROP fl-share-account");
        ApplyResult deleted = apply(gone);
        assertThat(deleted.outcome()).as(deleted.failure()).isEqualTo(ApplyResult.Outcome.SUCCEEDED);
        assertThat(deleted.executed().get(1).systemId()).contains("/operationStatuses/");
        assertThat(sim.resource(ACCOUNT)).isNull();
        assertThat(plan(onlyGroup, onlyGroup).actionable()).isEmpty();
    }

    @Test
    void consumerSideAcceptsTheInvitationMapsAndTriggers() throws Exception {
        sim.seedResourceGroup(SUB, "consumer-rg", "westeurope");
        sim.seedStorageAccount(STORAGE_SUB, "consumer-rg", "hospitalb");
        String invitation = sim.seedReceivedInvitation("provider@example.com", "fl-share", "eastus");
        String training = "/subscriptions/" + DataShareSimulator.PROVIDER_SUBSCRIPTION
                + "/resourceGroups/provider-rg/providers/Microsoft.DataShare/accounts/provider-1/shares/fl-share/dataSets/training";
        String dataSetId = sim.resource(training).path("properties").path("dataSetId").asText();
        Stack stack = parse(DsKit.consumerStack().replace(DsKit.INVITATION_ID, invitation).replace(DsKit.SOURCE_DATASET_ID, dataSetId)
                .replace("kind: BlobFolder", "kind: Container").replace("    prefix: images\n", ""));
        Plan first = plan(stack, null);
        assertThat(first.actionable()).hasSize(4);
        ApplyResult applied = apply(first);
        assertThat(applied.outcome()).as(applied.failure()).isEqualTo(ApplyResult.Outcome.SUCCEEDED);
        String ss = "/subscriptions/" + SUB + "/resourceGroups/consumer-rg/providers/Microsoft.DataShare/accounts/hospital-b-account/shareSubscriptions/fl-training";
        assertThat(sim.resource(ss).path("properties").path("shareSubscriptionStatus").asText()).isEqualTo("Active");
        assertThat(sim.resource(ss + "/triggers/nightly").path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");
        assertThat(applied.executed().get(3).systemId()).as("the trigger's create is long-running").contains("/operationStatuses/");

        Plan again = plan(stack, stack);
        assertThat(again.actionable()).as(again.actionable().toString()).isEmpty();
        assertThat(again.warnings()).singleElement().satisfies(w -> {
            assertThat(w.rule()).isEqualTo("role-missing");
            assertThat(w.message()).contains("Storage Blob Data Contributor").contains("hospitalb").contains("cannot write to it");
        });
        String principal = (String) applied.executed().get(0).outputs().get("PrincipalId");
        // Owner and Contributor are control-plane roles: no data actions, so the identity still cannot write blobs
        sim.grantRole("/subscriptions/" + STORAGE_SUB + "/resourceGroups/consumer-rg", principal, "8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
        sim.grantRole("/subscriptions/" + STORAGE_SUB + "/resourceGroups/consumer-rg", principal, "b24988ac-6180-42a0-ab88-20f7382dd24c");
        assertThat(plan(stack, stack).warnings()).as("Owner / Contributor do not let an identity write blobs")
                .singleElement().satisfies(w -> assertThat(w.rule()).isEqualTo("role-missing"));
        sim.grantRole("/subscriptions/" + STORAGE_SUB + "/resourceGroups/consumer-rg", principal, DataShareSimulator.STORAGE_BLOB_DATA_CONTRIBUTOR);
        assertThat(plan(stack, stack).warnings()).as("a role on the resource group covers the account").isEmpty();
    }

    @Test
    void unreadableRoleAssignmentsAreNotChecked() throws Exception {
        Stack stack = parse(DsKit.providerStack());
        assertThat(apply(plan(stack, null)).outcome()).isEqualTo(ApplyResult.Outcome.SUCCEEDED);
        sim.denyRoleReads(SOURCE);
        assertThat(plan(stack, stack).warnings()).singleElement().satisfies(w -> {
            assertThat(w.rule()).isEqualTo("role-not-checked");
            assertThat(w.message()).startsWith("not checked whether account fl-share-account's managed identity may read storage account flsource")
                    .contains("AuthorizationFailed");
        });
    }

    @Test
    void aFailedLongRunningOperationNamesTheResourceAndAzuresReason() throws Exception {
        sim.failNextOperation("accounts/fl-share-account", "InternalServerError", "Quota of Data Share accounts exceeded in eastus.");
        ApplyResult r = apply(plan(parse(DsKit.providerStack()), null));
        assertThat(r.outcome()).isEqualTo(ApplyResult.Outcome.FAILED);
        ApplyResult.Executed failed = r.executed().stream().filter(e -> e.outcome() == ApplyResult.StatementOutcome.FAILED).findFirst().orElseThrow();
        assertThat(failed.resource()).isEqualTo("datashare.account fl-share-account");
        assertThat(failed.error()).startsWith("PUT of datashare.account fl-share-account failed: InternalServerError: Quota of Data Share accounts exceeded in eastus.")
                .contains("operation https://127.0.0.1:");
        assertThat(failed.systemId()).contains("/operationStatuses/");
        assertThat(r.executed()).filteredOn(e -> e.outcome() == ApplyResult.StatementOutcome.NOT_RUN).hasSize(4);
    }

    @Test
    void armErrorsAreShownClearlyNamingTheResource() throws Exception {
        sim.failNext("PUT", "/shares/training-data", 403, "AuthorizationFailed",
                "The client 'x' does not have authorization to perform action 'Microsoft.DataShare/accounts/shares/write'.");
        ApplyResult r = apply(plan(parse(DsKit.providerStack()), null));
        assertThat(r.outcome()).isEqualTo(ApplyResult.Outcome.FAILED);
        assertThat(r.failure()).contains("PUT of datashare.share training-data failed: AuthorizationFailed (HTTP 403): The client 'x'")
                .contains("lacks a role assignment");
        assertThat(r.toString()).doesNotContain(TOKEN);
    }

    @Test
    void simulatorValidationErrorsComeBackAsInvalidParameterNamingTheResource() throws Exception {
        // the storage account of the dataset does not exist in the simulator's world
        Stack stack = parse(DsKit.providerStack().replace("storage_account_name: flsource", "storage_account_name: nosuchaccount"));
        ApplyResult r = apply(plan(stack, null));
        assertThat(r.outcome()).isEqualTo(ApplyResult.Outcome.FAILED);
        assertThat(r.failure()).startsWith("datashare.dataset images: PUT of datashare.dataset images failed: InvalidParameter").contains("(HTTP 400)").contains("nosuchaccount");
    }

    @Test
    void throttlingIsRetriedHonouringRetryAfter() throws Exception {
        Stack stack = parse(DsKit.providerStack());
        sim.throttleNext(2, 1);
        long t0 = System.nanoTime();
        Plan p = plan(stack, null);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("two waits of Retry-After: 1").isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(p.actionable()).hasSize(6);
        assertThat(apply(p).outcome()).isEqualTo(ApplyResult.Outcome.SUCCEEDED);
    }

    @Test
    void aWithdrawnInvitationIsShownClearly() throws Exception {
        Stack stack = parse(DsKit.providerStack());
        assertThat(apply(plan(stack, null)).outcome()).isEqualTo(ApplyResult.Outcome.SUCCEEDED);
        sim.setInvitationStatus(SHARE + "/invitations/hospital-b", "Withdrawn");
        Plan p = plan(stack, stack);
        assertThat(p.actionable()).isEmpty();
        assertThat(p.warnings()).filteredOn(w -> w.rule().equals("invitation-status")).singleElement().satisfies(w -> {
            assertThat(w.name()).isEqualTo("hospital-b");
            assertThat(w.message()).startsWith("the invitation is Withdrawn (withdrawn by the provider): it can no longer be accepted");
        });
    }

    @Test
    void theConnectionTestListsOnePageOfAccountsAndListsFollowNextLink() throws Exception {
        sim.seedAccounts(SUB, "big-rg", 7, 0, 0);
        sim.pageSize(3);
        sim.resetCounts();
        List<LiveNode> top = session.children(null, Progress.NONE);
        assertThat(top).singleElement().satisfies(n -> {
            assertThat(n.kind()).isEqualTo("subscription");
            assertThat(n.details()).containsEntry("accounts", "3+");
        });
        assertThat(sim.requestCount()).isEqualTo(1);
        assertThat(session.about()).containsEntry("subscription", SUB).containsEntry("tenant", DataShareSimulator.TENANT)
                .containsEntry("accounts", "3+");
        java.util.concurrent.atomic.AtomicInteger pages = new java.util.concurrent.atomic.AtomicInteger();
        List<JsonNode> all = session.arm().list("/subscriptions/" + SUB + "/providers/Microsoft.DataShare/accounts?api-version=2021-08-01",
                Progress.NONE, pages);
        assertThat(all).hasSize(7);
        assertThat(pages).hasValue(3);
    }

    @Test
    void theReadCostsOneGetPerManagedObjectAndSkipsChildrenOfMissingParents() throws Exception {
        Stack stack = parse(DsKit.providerStack());
        sim.resetCounts();
        plan(stack, null);
        // nothing exists: the resource group is asked for, nothing under it (no role list: the account is unknown)
        assertThat(sim.requests()).extracting(DataShareSimulator.Request::method).containsOnly("GET");
        assertThat(sim.requestCount()).isEqualTo(1);
        apply(plan(stack, null));
        sim.resetCounts();
        Plan p = plan(stack, stack);
        assertThat(p.actionable()).isEmpty();
        // six GETs, the resource group's Resources_ListByResourceGroup (what its drop would delete) and one
        // role-assignment list
        assertThat(sim.requestCount()).isEqualTo(8);
        assertThat(sim.requests()).filteredOn(r -> r.path().endsWith("/resourceGroups/fl-rg/resources")).hasSize(1);
    }

    @Test
    void anObjectWhoseParentIsNotInTheStackIsNotReadAndThePlanSaysWhy() throws Exception {
        Stack stack = parse("""
                stack: orphan
                resources:
                  - type: datashare.share
                    name: lonely
                    account: not-declared
                    share_kind: CopyBased
                """);
        sim.resetCounts();
        Plan p = plan(stack, null);
        assertThat(rules(p)).containsExactly("parent-not-in-stack", "not-read");
        assertThat(p.warnings().get(1).message()).contains("account not-declared is not a resource of the stack");
        assertThat(sim.requestCount()).isZero();
    }

    @Test
    void theRunnerOwnsTheWaitAndACancelLeavesTheOperationInProgress() throws Exception {
        Plan p = plan(parse(DsKit.providerStack()), null);
        sim.lroPolls(1_000_000);
        java.util.concurrent.atomic.AtomicBoolean cancel = new java.util.concurrent.atomic.AtomicBoolean();
        Progress progress = new Progress() {
            @Override public void status(String message) { }
            @Override public void worked(long done, long total) { }
            @Override public boolean cancelled() {
                if (sim.requests().stream().filter(r -> r.path().contains("operationStatuses")).count() >= 3) cancel.set(true);
                return cancel.get();
            }
        };
        ApplyResult r = session.apply(p, progress);
        assertThat(r.outcome()).isEqualTo(ApplyResult.Outcome.CANCELLED);
        ApplyResult.Executed account = r.executed().get(1);
        assertThat(account.outcome()).isEqualTo(ApplyResult.StatementOutcome.IN_PROGRESS);
        assertThat(account.systemId()).contains("/operationStatuses/");
        assertThat(sim.resource(ACCOUNT).path("properties").path("provisioningState").asText()).isEqualTo("Creating");
        assertThat(sim.resource(SHARE)).as("nothing after the cancel ran").isNull();
    }

    @Test
    void aResourceGroupIsCreatedAndItsDeleteFollowsTheLocationHeader() throws Exception {
        Stack one = parse("stack: rgs\nresources:\n  - {type: datashare.resource_group, name: fl-rg, location: eastus}\n");
        assertThat(apply(plan(one, null)).outcome()).isEqualTo(ApplyResult.Outcome.SUCCEEDED);
        assertThat(sim.resource(RG)).isNotNull();
        Stack other = parse("stack: rgs\nresources:\n  - {type: datashare.resource_group, name: other-rg, location: westeurope}\n");
        Plan p = plan(other, one);
        assertThat(p.actionable()).extracting(c -> c.action() + " " + c.name()).containsExactly("CREATE other-rg", "DROP fl-rg");
        assertThat(p.actionable().get(1).statements().get(0).display()).isEqualTo(java.util.Map.of("method", "DELETE",
                "path", RG + "?api-version=2021-04-01"));
        ApplyResult r = apply(p);
        assertThat(r.outcome()).as(r.failure()).isEqualTo(ApplyResult.Outcome.SUCCEEDED);
        assertThat(r.executed().get(1).systemId()).as("Microsoft.Resources answers a Location only").contains("/operationresults/");
        assertThat(sim.resource(RG)).isNull();
        assertThat(plan(other, other).actionable()).isEmpty();
    }

    @Test
    void aWrongTokenIsRefusedWithAClearMessage() throws Exception {
        sim.expectBearer("another-token");
        assertThatThrownBy(() -> session.children(null, Progress.NONE)).isInstanceOf(ProviderException.class)
                .hasMessageContaining("InvalidAuthenticationToken").hasMessageContaining("Azure refused the credential")
                .hasMessageNotContaining(TOKEN);
    }
}
