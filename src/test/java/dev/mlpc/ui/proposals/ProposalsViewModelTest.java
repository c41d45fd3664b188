package dev.mlpc.ui.proposals;

import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.Author;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Safety;
import dev.mlpc.core.plan.Statement;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.ui.UiExecutor;
import dev.mlpc.ui.UiTestKit.UiThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Proposals view model without a window, over a {@link ProposalService} kept in memory (the service's own
 * behaviour against a real repository and PostgreSQL is {@code ProposalsViewTest}'s): what is listed, why each action
 * is unavailable, that every action goes to the service with what the user chose and that the list is read again after.
 */
class ProposalsViewModelTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Author ADA = new Author("Ada Proposer", "ada@example.org");
    private static final Author BOB = new Author("Bob Approver", "BOB@example.org");
    private static final ConnectionProfile PG = new ConnectionProfile("pg", "postgres", Map.of("url", "jdbc:postgresql://127.0.0.1:5432/x"));
    private static final ConnectionProfile OTHER = new ConnectionProfile("other", "postgres", Map.of("url", "jdbc:postgresql://127.0.0.1:5432/y"));

    private UiThread ui;
    private UiExecutor executor;
    private Fake service;
    private ProposalsViewModel vm;

    @BeforeEach
    void setUp() {
        ui = new UiThread();
        executor = UiExecutor.withUiThread(ui.executor());
        service = new Fake();
        vm = ui.call(() -> new ProposalsViewModel(service, executor));
    }

    @AfterEach
    void tearDown() {
        executor.shutdown(Duration.ofSeconds(2));
        ui.close();
    }

    private static Plan safePlan() {
        return new Plan("app", "postgres", List.of(new Change(Action.CREATE, new ResourceKey("postgres.role", "r1"), Safety.SAFE,
                List.of(Statement.of("CREATE ROLE \"r1\"")), Set.of(), "")), List.of(), false);
    }

    private static Plan destructivePlan() {
        return new Plan("app", "postgres", List.of(new Change(Action.DROP, new ResourceKey("postgres.role", "r0"), Safety.DESTRUCTIVE,
                List.of(Statement.of("DROP ROLE \"r0\"")), Set.of(), "")), List.of(), false);
    }

    private static ProposalRow row(String id, Plan plan, int required, List<ProposalRow.Decision> approvals, ProposalRow.Status status,
                                   String why) {
        return new ProposalRow(id + "0".repeat(40 - id.length()), id, "app", "postgres", "pg", "postgres 127.0.0.1:5432/x", ADA,
                Instant.parse("2026-12-03T10:00:00Z"), plan.sha256(), plan.toJson(), "stack: app\n", null, approvals, List.of(),
                required, status, why);
    }

    private void load() {
        ui.run(vm::refresh);
        ui.waitFor("loaded", WAIT, () -> !vm.loadingProperty().get());
    }

    private void waitIdle() {
        ui.waitFor("the action to end and the list to be read again", WAIT,
                () -> vm.runningProperty().get().isEmpty() && !vm.loadingProperty().get());
    }

    @Test
    void listsOpenProposalsAndAllOnToggle() {
        service.rows.add(row("aaaaaaa", safePlan(), 1, List.of(), ProposalRow.Status.OPEN, null));
        service.rows.add(row("bbbbbbb", safePlan(), 1, List.of(), ProposalRow.Status.REJECTED, "rejected by Bob: no"));
        load();
        assertThat(ui.call(() -> vm.proposals().stream().map(ProposalRow::shortId).toList())).containsExactly("aaaaaaa");
        assertThat(ui.call(() -> vm.statusProperty().get())).isEqualTo("1 open proposal");
        assertThat(service.openOnlyAsked).containsExactly(true);
        assertThat(ui.call(() -> vm.connections().stream().map(ConnectionProfile::name).toList())).containsExactly("pg", "other");

        ui.run(() -> vm.showAllProperty().set(true));
        ui.waitFor("all proposals", WAIT, () -> vm.proposals().size() == 2 && !vm.loadingProperty().get());
        assertThat(service.openOnlyAsked).containsExactly(true, false);
        assertThat(ui.call(() -> vm.statusProperty().get())).isEqualTo("2 proposals");
        ProposalRow rejected = ui.call(() -> vm.proposals().get(1));
        assertThat(ProposalsViewModel.applicableText(rejected)).isEqualTo("no: rejected by Bob: no");

        // selecting shows its plan (read back from its JSON) and picks its target connection
        ui.run(() -> vm.selectedProperty().set(vm.proposals().get(0)));
        assertThat(ui.call(() -> vm.planProperty().get().sha256())).isEqualTo(safePlan().sha256());
        assertThat(ui.call(() -> vm.connectionProperty().get())).isEqualTo(PG);
        assertThat(ui.call(() -> vm.applyBlocked().get())).isEqualTo("Not applicable: 0 of 1 approvals");
        ui.run(() -> vm.selectedProperty().set(vm.proposals().get(1)));
        assertThat(ui.call(() -> vm.approveBlocked().get())).isEqualTo("It is rejected: nothing to approve.");
        assertThat(ui.call(() -> vm.rejectBlocked().get())).isEqualTo("It is rejected: nothing to reject.");
    }

    @Test
    void approvalByTheProposerIsNotOfferedAndAnotherIdentityApprovesWithAMessage() {
        service.rows.add(row("aaaaaaa", safePlan(), 1, List.of(), ProposalRow.Status.OPEN, null));
        service.author = new Author("Ada again", "ADA@example.org");
        load();
        ui.run(() -> vm.selectedProperty().set(vm.proposals().get(0)));
        assertThat(ui.call(() -> vm.approveBlocked().get()))
                .isEqualTo("You (ADA@example.org) proposed it: another person must approve it.");
        ui.run(() -> vm.approve("mine"));
        assertThat(service.approved).isEmpty();

        service.author = BOB;
        load();
        assertThat(ui.call(() -> vm.approveBlocked().get())).isEmpty();
        ui.run(() -> vm.approve("  checked against CHG-42  "));
        waitIdle();
        assertThat(service.approved).containsExactly("aaaaaaa" + "0".repeat(33) + " checked against CHG-42");
        assertThat(ui.call(() -> vm.resultProperty().get())).startsWith("Approved proposal aaaaaaa of app (plan ")
                .endsWith("recorded as commit c0ffee1.");
        // read again after the action: the same proposal stays selected, now approved and applicable
        ProposalRow now = ui.call(() -> vm.selectedProperty().get());
        assertThat(now.status()).isEqualTo(ProposalRow.Status.APPROVED);
        assertThat(ProposalsViewModel.approvalsText(now)).isEqualTo("1 of 1: Bob Approver");
        assertThat(ProposalsViewModel.applicableText(now)).isEqualTo("yes");
        assertThat(ui.call(() -> vm.approveBlocked().get())).isEqualTo("You approved it already.");
        assertThat(ui.call(() -> vm.applyBlocked().get())).isEmpty();
        assertThat(ProposalsViewModel.decisionLines(now)).singleElement().asString()
                .contains("approved by Bob Approver <BOB@example.org>").endsWith(": checked against CHG-42");
    }

    @Test
    void aRejectionNeedsAReason() {
        service.rows.add(row("aaaaaaa", safePlan(), 1, List.of(), ProposalRow.Status.OPEN, null));
        service.author = BOB;
        load();
        ui.run(() -> vm.selectedProperty().set(vm.proposals().get(0)));
        ui.run(() -> vm.reject("   "));
        assertThat(service.rejected).isEmpty();
        assertThat(ui.call(() -> vm.resultProperty().get())).startsWith("Reason: a rejection needs a reason");
        assertThat(ui.call(() -> vm.resultFailedProperty().get())).isTrue();
        ui.run(() -> vm.reject("drops the wrong role"));
        waitIdle();
        assertThat(service.rejected).containsExactly("drops the wrong role");
        assertThat(ui.call(() -> vm.resultFailedProperty().get())).isFalse();
        // rejected proposals are not open: the list no longer has it, nothing is selected
        assertThat(ui.call(() -> vm.proposals().size())).isZero();
        assertThat(ui.call(() -> vm.selectedProperty().get())).isNull();
        assertThat(ui.call(() -> vm.approveBlocked().get())).isEqualTo("Select a proposal.");
    }

    @Test
    void aServiceRefusalIsShownAsTheReason() {
        service.rows.add(row("aaaaaaa", safePlan(), 1, List.of(), ProposalRow.Status.OPEN, null));
        service.author = BOB;
        service.approveFailure = new IllegalStateException("approval refused: the signing key is the proposer's");
        load();
        ui.run(() -> vm.selectedProperty().set(vm.proposals().get(0)));
        ui.run(() -> vm.approve(""));
        waitIdle();
        assertThat(ui.call(() -> vm.resultProperty().get()))
                .isEqualTo("The approval was not recorded: approval refused: the signing key is the proposer's");
        assertThat(ui.call(() -> vm.resultFailedProperty().get())).isTrue();
    }

    @Test
    void applyNeedsAConnectionAndTheDestructionAllowAndReportsProgressAndTheOutcome() throws Exception {
        ProposalRow.Decision bob = new ProposalRow.Decision("d".repeat(40), BOB, Instant.parse("2026-12-03T11:00:00Z"),
                destructivePlan().sha256(), null);
        ProposalRow p = row("aaaaaaa", destructivePlan(), 1, List.of(bob), ProposalRow.Status.APPROVED, null);
        service.rows.add(new ProposalRow(p.commitId(), p.shortId(), p.stack(), p.provider(), "prod-pg", p.targetIdentity(),
                p.proposer(), p.when(), p.planSha256(), p.planJson(), p.stackYaml(), null, p.approvals(), List.of(), 1,
                ProposalRow.Status.APPROVED, null));
        service.author = BOB;
        load();
        ui.run(() -> vm.selectedProperty().set(vm.proposals().get(0)));
        assertThat(ui.call(() -> vm.applyBlocked().get()))
                .isEqualTo("Its target connection 'prod-pg' is not in connections.yaml: choose a connection.");
        ui.run(() -> vm.connectionProperty().set(OTHER));
        assertThat(ui.call(() -> vm.destructiveProperty().get())).isTrue();
        assertThat(ui.call(() -> vm.applyBlocked().get()))
                .isEqualTo("The plan has destructive changes (1): allow them to apply it.");
        ui.run(vm::apply);
        assertThat(service.applied).isEmpty();
        ui.run(() -> vm.allowDestroyProperty().set(true));
        assertThat(ui.call(() -> vm.applyBlocked().get())).isEmpty();

        service.applyGate = new CountDownLatch(1);
        ui.run(vm::apply);
        ui.waitFor("the apply's progress", WAIT, () -> vm.applyingProperty().get()
                && vm.progressMessageProperty().get().equals("Running DROP ROLE"));
        assertThat(ui.call(() -> vm.applyBlocked().get())).isEqualTo("Applying aaaaaaa to other…");
        assertThat(ui.call(() -> vm.approveBlocked().get())).isEqualTo("Applying aaaaaaa to other…");
        service.applyGate.countDown();
        waitIdle();
        assertThat(service.applied).containsExactly("other allowDestroy=true");
        assertThat(ui.call(() -> vm.applyingProperty().get())).isFalse();
        assertThat(ui.call(() -> vm.resultProperty().get()))
                .isEqualTo("Applied proposal aaaaaaa to other: 1 of 1 statement ran. Recorded as commit c0ffee1.");
        assertThat(ui.call(() -> vm.resultDetailsProperty().get())).contains("OK", "DROP ROLE \"r0\"",
                "Recorded as commit c0ffee1 (Applied: yes)");
        // applied proposals are not open any more
        assertThat(ui.call(() -> vm.proposals().size())).isZero();
    }

    @Test
    void aRefusedApplySaysWhyAndACancelReachesTheWork() {
        ProposalRow.Decision bob = new ProposalRow.Decision("d".repeat(40), BOB, Instant.now(), safePlan().sha256(), null);
        service.rows.add(row("aaaaaaa", safePlan(), 1, List.of(bob), ProposalRow.Status.APPROVED, null));
        service.author = BOB;
        service.refuse = "refused: the live plan (+0 ~1 -0, sha256 0123456789ab) is not the approved plan: a new proposal is needed";
        load();
        ui.run(() -> vm.selectedProperty().set(vm.proposals().get(0)));
        ui.run(vm::apply);
        waitIdle();
        assertThat(ui.call(() -> vm.resultProperty().get())).isEqualTo("The apply was refused; nothing ran. " + service.refuse);
        assertThat(ui.call(() -> vm.resultFailedProperty().get())).isTrue();
        assertThat(ui.call(() -> vm.resultDetailsProperty().get())).startsWith("The plan that would run now:\nPlan for stack app");

        service.refuse = null;
        service.applyGate = new CountDownLatch(1);
        ui.run(vm::apply);
        ui.waitFor("the apply to run", WAIT, () -> vm.applyingProperty().get());
        ui.run(vm::cancelApply);
        UiThreadWait.until(() -> service.sawCancel);
        service.applyGate.countDown();
        waitIdle();
        assertThat(ui.call(() -> vm.resultProperty().get())).startsWith("The apply was cancelled after 0 of 1 statement.");
    }

    @Test
    void aProposedPolicyChangeHasNoPlanNeedsNoConnectionAndIsAppliedAsThePolicy() {
        ProposalRow.Decision bob = new ProposalRow.Decision("d".repeat(40), BOB, Instant.now(), "ab".repeat(32), null);
        service.rows.add(new ProposalRow("ccccccc" + "0".repeat(33), "ccccccc", ProposalRow.POLICY, "policy", null, null, ADA,
                Instant.now(), "ab".repeat(32), null, "approvals: []\n", null, List.of(bob), List.of(), 1,
                ProposalRow.Status.APPROVED, null));
        service.author = BOB;
        load();
        ui.run(() -> vm.selectedProperty().set(vm.proposals().get(0)));
        assertThat(ui.call(() -> vm.planProperty().get())).isNull();
        assertThat(ui.call(() -> vm.planErrorProperty().get())).isEmpty();
        assertThat(ui.call(() -> vm.planNoteProperty().get())).startsWith("A proposed change of policy.yaml: it has no plan.");
        assertThat(ui.call(() -> vm.connectionProperty().get())).isNull();
        assertThat(ui.call(() -> vm.applyBlocked().get())).isEmpty();
        ui.run(vm::apply);
        waitIdle();
        assertThat(service.applied).containsExactly("policy ccccccc");
        assertThat(ui.call(() -> vm.resultProperty().get()))
                .isEqualTo("Applied proposal ccccccc: policy.yaml is now the proposed policy, recorded as commit c0ffee1.");
    }

    /** Polls a plain condition. */
    private static final class UiThreadWait {
        static void until(java.util.function.BooleanSupplier c) {
            dev.mlpc.ui.UiTestKit.waitFor("the condition", WAIT, c);
        }
    }

    /** Proposals in memory: approvals count by e-mail, statuses follow the decisions, applies follow the choice. */
    private static final class Fake implements ProposalService {
        final List<ProposalRow> rows = new CopyOnWriteArrayList<>();
        final List<Boolean> openOnlyAsked = new CopyOnWriteArrayList<>();
        final List<String> approved = new CopyOnWriteArrayList<>();
        final List<String> rejected = new CopyOnWriteArrayList<>();
        final List<String> applied = new CopyOnWriteArrayList<>();
        volatile Author author = ADA;
        volatile Exception approveFailure;
        volatile String refuse;
        volatile CountDownLatch applyGate;
        volatile boolean sawCancel;

        private static final CommitInfo COMMIT = new CommitInfo("c0ffee1" + "0".repeat(33), "c0ffee1", "Bob", "bob@example.org",
                Instant.now(), "s", "s", Map.of(), List.of());

        @Override
        public List<ProposalRow> list(boolean openOnly) {
            openOnlyAsked.add(openOnly);
            return rows.stream().filter(r -> !openOnly || r.decidable()).toList();
        }

        private int index(String id) {
            for (int i = 0; i < rows.size(); i++) if (rows.get(i).commitId().equals(id)) return i;
            throw new IllegalArgumentException("no proposal " + id);
        }

        private ProposalRow with(ProposalRow r, List<ProposalRow.Decision> approvals, List<ProposalRow.Decision> rejections,
                                 ProposalRow.Status status) {
            return new ProposalRow(r.commitId(), r.shortId(), r.stack(), r.provider(), r.targetConnection(), r.targetIdentity(),
                    r.proposer(), r.when(), r.planSha256(), r.planJson(), r.stackYaml(), r.reverts(), approvals, rejections,
                    r.required(), status, null);
        }

        @Override
        public CommitInfo approve(String proposalId, String message) throws Exception {
            if (approveFailure != null) throw approveFailure;
            int i = index(proposalId);
            ProposalRow r = rows.get(i);
            approved.add(proposalId + " " + message);
            List<ProposalRow.Decision> a = new ArrayList<>(r.approvals());
            a.add(new ProposalRow.Decision(COMMIT.id(), author, Instant.now(), r.planSha256(), message));
            rows.set(i, with(r, a, r.rejections(), a.size() >= r.required() ? ProposalRow.Status.APPROVED : ProposalRow.Status.OPEN));
            return COMMIT;
        }

        @Override
        public CommitInfo reject(String proposalId, String reason) {
            int i = index(proposalId);
            ProposalRow r = rows.get(i);
            rejected.add(reason);
            rows.set(i, with(r, r.approvals(), List.of(new ProposalRow.Decision(COMMIT.id(), author, Instant.now(),
                    r.planSha256(), reason)), ProposalRow.Status.REJECTED));
            return COMMIT;
        }

        @Override
        public Workbench.ApplyOutcome apply(String proposalId, ConnectionProfile connection, boolean allowDestroy,
                                            Progress progress) throws Exception {
            int i = index(proposalId);
            ProposalRow r = rows.get(i);
            Plan plan = ProposalPlan.read(r.planJson(), r.provider());
            Instant t = Instant.now();
            if (refuse != null) {
                return new Workbench.ApplyOutcome(plan, new ApplyResult(t, t, List.of(), ApplyResult.Outcome.REFUSED, refuse), null);
            }
            progress.status("Running " + plan.changes().get(0).statements().get(0).display().toString().substring(0, 9));
            CountDownLatch gate = applyGate;
            if (gate != null) {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!gate.await(20, TimeUnit.MILLISECONDS) && System.nanoTime() < end) {
                    if (progress.cancelled()) sawCancel = true;
                }
            }
            if (progress.cancelled()) {
                return new Workbench.ApplyOutcome(plan, new ApplyResult(t, Instant.now(), List.of(new ApplyResult.Executed(0,
                        "postgres.role r", plan.changes().get(0).statements().get(0).display(),
                        ApplyResult.StatementOutcome.NOT_RUN, 0, null)), ApplyResult.Outcome.CANCELLED, "cancelled"), COMMIT);
            }
            applied.add(connection.name() + " allowDestroy=" + allowDestroy);
            rows.set(i, with(r, r.approvals(), r.rejections(), ProposalRow.Status.APPLIED));
            return new Workbench.ApplyOutcome(plan, new ApplyResult(t, Instant.now(), List.of(new ApplyResult.Executed(0,
                    "postgres.role r0", plan.changes().get(0).statements().get(0).display(), ApplyResult.StatementOutcome.OK,
                    3, null)), ApplyResult.Outcome.SUCCEEDED, null), COMMIT);
        }

        @Override
        public CommitInfo applyPolicy(String proposalId, String message) {
            int i = index(proposalId);
            applied.add("policy " + proposalId.substring(0, 7));
            rows.set(i, with(rows.get(i), rows.get(i).approvals(), rows.get(i).rejections(), ProposalRow.Status.APPLIED));
            return COMMIT;
        }

        @Override
        public List<ConnectionProfile> connections() { return List.of(PG, OTHER); }

        @Override
        public Author author() { return author; }
    }
}
