package dev.mlpc.change;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.CommitInfo;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.mlpc.testing.PgTestSupport.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Four-eyes change control through the workbench, with two identities (two MLPC_HOMEs with different author e-mails)
 * on one config repository, real Git and real PostgreSQL.
 */
class ChangeControlWorkbenchTest {
    @TempDir Path tmp;
    final PgTestSupport pg = new PgTestSupport();
    Path repoDir;
    Workbench alice;
    Workbench bob;
    ConnectionProfile local;

    Workbench identity(String name, String email) throws Exception {
        Path home = tmp.resolve(name);
        Files.createDirectories(home);
        Files.writeString(home.resolve("settings.yaml"), "author: {name: " + name + ", email: " + email + "}\nrepository: "
                + repoDir + "\n");
        Files.writeString(home.resolve("connections.yaml"), "connections:\n  local: {type: postgres, url: \""
                + PgTestSupport.url() + "\", user: " + PgTestSupport.user() + "}\n  other: {type: postgres, url: \""
                + PgTestSupport.url() + "\", user: " + PgTestSupport.user() + "}\n");
        Map<String, String> env = new HashMap<>();
        env.put("MLPC_HOME", home.toString());
        if (PgTestSupport.password() != null) env.put("MLPC_TEST_PG_PASSWORD", PgTestSupport.password());
        return new Workbench(AppHome.resolve(env), Workbench.standardProviders(), env, Workbench.DEFAULT_TIMEOUT);
    }

    @BeforeEach
    void setUp() throws Exception {
        repoDir = tmp.resolve("config");
        alice = identity("alice", "alice@example.org");
        bob = identity("bob", "Bob@Example.org");
        local = alice.connections().require("local");
    }

    @AfterEach
    void cleanUp() throws Exception {
        pg.close();
    }

    String roleStack(String stack, String role, boolean login) {
        return "stack: " + stack + "\ntarget: local\nresources:\n  - {type: postgres.role, name: " + role + ", login: " + login + "}\n";
    }

    Workbench.ApplyOutcome apply(Workbench wb, String yaml) throws Exception {
        Stack s = wb.parseStack("s.yaml", yaml);
        try (ConfigRepository r = wb.repository()) {
            return wb.apply(s, yaml, local, r, false, null, Progress.NONE, null, Map.of());
        }
    }

    void policy(String yaml) throws Exception {
        Workbench.PolicyChange c = alice.setPolicy(yaml, "Four eyes for every stack");
        assertThat(c.proposed()).isFalse();
    }

    @Test
    void applyNeedsAnApprovalByAnotherIdentityOfExactlyThatPlan() throws Exception {
        String role = pg.role("mlpc_cc_r");
        policy("approvals:\n  - name: everything\n    approvers: 1\n");
        String yaml = roleStack("cc-roles", role, false);

        Workbench.ApplyOutcome none = apply(alice, yaml);
        assertThat(none.result().outcome()).isEqualTo(ApplyResult.Outcome.REFUSED);
        assertThat(none.result().failure()).contains("needs 1 approval(s)").contains("none proposed").contains("everything");
        assertThat(PgTestSupport.roleExists(role)).isFalse();

        Workbench.Proposed proposed = alice.proposeWithPlan(alice.parseStack("s.yaml", yaml), yaml, null, null, Map.of(),
                Progress.NONE, false);
        CommitInfo pc = proposed.commit();
        assertThat(pc.trailer("Applied")).isEqualTo("no");
        assertThat(pc.trailer("Approval")).isEqualTo("required (1)");
        assertThat(pc.trailer("Target-Connection")).isEqualTo("local");
        assertThat(pc.trailer("Target")).startsWith("postgres 127.0.0.1:5432/");
        List<Proposal> open = alice.proposals(true);
        assertThat(open).hasSize(1);
        Proposal p = open.get(0);
        assertThat(p.status()).isEqualTo(Proposal.Status.OPEN);
        assertThat(p.planSha256()).isEqualTo(proposed.plan().sha256());
        assertThat(p.planJson()).isEqualTo(proposed.plan().toJson());
        assertThat(p.stackYaml()).isEqualTo(yaml);
        assertThat(p.provider()).isEqualTo("postgres");
        assertThat(p.proposer().email()).isEqualTo("alice@example.org");

        assertThatThrownBy(() -> alice.approve(pc.id(), null)).hasMessageContaining("alice@example.org proposed")
                .hasMessageContaining("cannot approve");
        // the same identity under another spelling of its e-mail: the refusal quotes the proposal's own author
        Workbench aliceAgain = identity("alice2", "ALICE@Example.ORG");
        assertThatThrownBy(() -> aliceAgain.approve(pc.id(), null)).hasMessageContaining("alice@example.org proposed")
                .hasMessageNotContaining("ALICE@Example.ORG");
        Workbench.ApplyOutcome unapproved = apply(alice, yaml);
        assertThat(unapproved.result().failure()).contains("has 0 of 1 approval(s)");
        assertThat(PgTestSupport.roleExists(role)).isFalse();

        CommitInfo approval = bob.approve(pc.shortId(), null);
        assertThat(approval.trailer("Record")).isEqualTo("approval");
        assertThat(approval.trailer("Proposal")).isEqualTo(pc.id());
        assertThat(approval.trailer("Proposal-Stack")).isEqualTo("cc-roles");
        assertThat(approval.trailer("Approved-Plan-Sha256")).isEqualTo(p.planSha256());
        assertThat(approval.files()).singleElement().asString().startsWith("approvals/cc-roles/" + pc.id().substring(0, 12) + "/")
                .endsWith("-approve.json");
        assertThatThrownBy(() -> bob.approve(pc.id(), null)).hasMessageContaining("already approved");
        Proposal approved = bob.proposals(true).get(0);
        assertThat(approved.status()).isEqualTo(Proposal.Status.APPROVED);
        assertThat(approved.applicable()).isTrue();
        assertThat(approved.approvals()).extracting(d -> d.by().email()).containsExactly("Bob@Example.org");

        Workbench.ApplyOutcome ran = apply(alice, yaml);
        assertThat(ran.result().outcome()).as(String.valueOf(ran.result().failure())).isEqualTo(ApplyResult.Outcome.SUCCEEDED);
        assertThat(PgTestSupport.roleExists(role)).isTrue();
        assertThat(ran.commit().trailer("Proposal")).isEqualTo(pc.id());
        assertThat(ran.commit().trailer("Target-Connection")).isEqualTo("local");
        Proposal applied = alice.proposals(false).get(0);
        assertThat(applied.status()).isEqualTo(Proposal.Status.APPLIED);
        assertThat(alice.proposals(true)).isEmpty();
        assertThatThrownBy(() -> bob.approve(pc.id(), null)).hasMessageContaining("it is applied");

        try (ConfigRepository r = alice.repository()) {
            assertThat(r.verify(alice::regenerate).problems()).isEmpty();
            assertThat(alice.policyProblems(r)).isEmpty();
        }
    }

    @Test
    void liveChangeAfterTheApprovalRefusesTheApplyAndRejectionCloses() throws Exception {
        String role = pg.role("mlpc_cc_l");
        policy("approvals:\n  - stacks: [\"cc-*\"]\n    providers: [postgres]\n    approvers: 1\n");
        String yaml = roleStack("cc-live", role, false);
        CommitInfo pc = alice.propose(alice.parseStack("s.yaml", yaml), yaml, local, "Role for the live test", Map.of(), Progress.NONE);
        bob.approve(pc.id(), "looks right");
        PgTestSupport.exec("CREATE ROLE " + q(role) + " LOGIN");

        Workbench.ApplyOutcome o = apply(alice, yaml);
        assertThat(o.result().outcome()).isEqualTo(ApplyResult.Outcome.REFUSED);
        assertThat(o.result().failure()).contains("no longer matches").contains(pc.shortId()).contains("a new proposal is needed");
        Workbench.ApplyOutcome viaProposal = alice.applyProposal(pc.id(), null, false, Progress.NONE);
        assertThat(viaProposal.result().outcome()).isEqualTo(ApplyResult.Outcome.REFUSED);
        assertThat(viaProposal.result().failure()).contains("not the reviewed plan");
        assertThat(PgTestSupport.column("postgres", "SELECT rolcanlogin::text FROM pg_roles WHERE rolname = ?", role)).containsExactly("true");

        // a new proposal supersedes the old one; a rejection closes it
        CommitInfo second = alice.propose(alice.parseStack("s.yaml", yaml), yaml, null, null, Map.of(), Progress.NONE);
        List<Proposal> all = alice.proposals(false);
        assertThat(all).extracting(Proposal::status).containsExactly(Proposal.Status.OPEN, Proposal.Status.SUPERSEDED);
        assertThat(all.get(1).why()).contains("superseded by the newer proposal " + second.shortId());
        assertThatThrownBy(() -> bob.reject(second.id(), " ")).hasMessageContaining("needs a reason");
        CommitInfo rejection = bob.reject(second.id(), "Login must stay off: ask the DBA first");
        assertThat(rejection.trailer("Record")).isEqualTo("rejection");
        Proposal rejected = alice.proposals(false).get(0);
        assertThat(rejected.status()).isEqualTo(Proposal.Status.REJECTED);
        assertThat(rejected.rejections()).singleElement().satisfies(d -> assertThat(d.reason()).isEqualTo("Login must stay off: ask the DBA first"));
        assertThat(rejected.why()).contains("rejected by bob").contains("ask the DBA");
        assertThatThrownBy(() -> bob.approve(second.id(), null)).hasMessageContaining("it is rejected");
        assertThatThrownBy(() -> alice.applyProposal(second.id(), null, false, Progress.NONE)).hasMessageContaining("not applicable");
        assertThat(alice.proposals(true)).isEmpty();
    }

    @Test
    void aPolicyChangeFollowsThePolicyInForceBeforeIt() throws Exception {
        policy("approvals:\n  - name: prod\n    stacks: [\"prod-*\"]\n    approvers: 2\n  - approvers: 1\n");
        Workbench carol = identity("carol", "carol@example.org");
        Workbench.PolicyChange change = alice.setPolicy("signatures: optional\n", "Drop every rule");
        assertThat(change.proposed()).isTrue();
        assertThat(change.required()).isEqualTo(2);
        assertThat(alice.policy().rules()).hasSize(2); // unchanged until approved
        Proposal p = alice.proposals(true).get(0);
        assertThat(p.isPolicy()).isTrue();
        assertThat(p.stackYaml()).isEqualTo("signatures: optional\n");
        assertThatThrownBy(() -> alice.approve(p.commitId(), null)).hasMessageContaining("cannot approve");
        bob.approve(p.commitId(), null);
        assertThatThrownBy(() -> alice.applyPolicyProposal(p.commitId(), null)).hasMessageContaining("1 of 2");
        carol.approve(p.shortId(), null);
        CommitInfo applied = alice.applyPolicyProposal(p.commitId(), null);
        assertThat(applied.trailer("Config")).isEqualTo("policy.yaml");
        assertThat(applied.trailer("Proposal")).isEqualTo(p.commitId());
        assertThat(alice.policy().rules()).isEmpty();
        assertThat(alice.policyAt(applied.id()).rules()).hasSize(2);
        assertThat(alice.proposals(false).get(0).status()).isEqualTo(Proposal.Status.APPLIED);
        try (ConfigRepository r = alice.repository()) {
            assertThat(alice.policyProblems(r)).isEmpty();
        }

        // now with no rule, a change commits at once; then a change made around the policy is reported by verify
        assertThat(alice.setPolicy("approvals:\n  - approvers: 1\n", null).proposed()).isFalse();
        try (ConfigRepository r = alice.repository()) {
            CommitInfo sneaky = r.commitFile("policy.yaml", "signatures: optional\n", "Loosen the policy", new dev.mlpc.core.audit.Author("mallory", "m@example.org"));
            assertThat(alice.policyProblems(r)).singleElement().asString().startsWith(sneaky.shortId() + ": policy.yaml changed without approval")
                    .contains("asks 1 approval(s)");
        }
    }

    @Test
    void boundStacksRefuseOtherConnectionsAndDriftComparesOnlyBoundOrUnbound() throws Exception {
        String role = pg.role("mlpc_cc_t");
        String yaml = roleStack("cc-bound", role, false);
        Stack bound = alice.parseStack("s.yaml", yaml);
        ConnectionProfile other = alice.connections().require("other");
        try (ConfigRepository r = alice.repository()) {
            Workbench.ApplyOutcome ok = alice.apply(bound, yaml, local, r, false, null, Progress.NONE, null, Map.of());
            assertThat(ok.result().outcome()).isEqualTo(ApplyResult.Outcome.SUCCEEDED);
            assertThatThrownBy(() -> alice.apply(bound, yaml, other, r, false, null, Progress.NONE, null, Map.of()))
                    .hasMessageContaining("bound to connection local").hasMessageContaining("not other").hasMessageContaining("--force-target");
            assertThatThrownBy(() -> alice.plan(bound, other, r, Progress.NONE, false)).hasMessageContaining("bound to connection local");
            assertThat(alice.plan(bound, other, r, Progress.NONE, true).hasChanges()).isFalse();
            int before = r.log(0).size();
            // the console's finish (commit the reviewed plan, then apply it) refuses before committing anything
            assertThatThrownBy(() -> alice.commitThenApply(bound, yaml, ok.plan(), other, true, false, null, Progress.NONE, null))
                    .hasMessageContaining("bound to connection local").hasMessageContaining("not other");
            assertThat(r.log(0)).hasSize(before);
            String unbound = "stack: cc-free\nresources:\n  - {type: postgres.role, name: " + pg.role("mlpc_cc_u") + "}\n";
            alice.commit(alice.parseStack("u.yaml", unbound), unbound, alice.offlinePlan(alice.parseStack("u.yaml", unbound)), r, "free", "no", null, null);
        }
        assertThat(alice.stacksFor(local)).extracting(Stack::name).containsExactlyInAnyOrder("cc-bound", "cc-free");
        assertThat(alice.stacksFor(alice.connections().require("other"))).extracting(Stack::name).containsExactly("cc-free");
        assertThat(alice.connectionFor(bound, null).name()).isEqualTo("local");
    }

    @Test
    void anApprovalForOneConnectionDoesNotAuthorizeAnApplyToAnother() throws Exception {
        String role = pg.role("mlpc_cc_t");
        policy("approvals:\n  - name: everything\n    approvers: 1\n");
        String yaml = roleStack("cc-target", role, false);
        ConnectionProfile other = alice.connections().require("other");
        Workbench.Proposed proposed = alice.proposeWithPlan(alice.parseStack("s.yaml", yaml), yaml, other, null, Map.of(),
                Progress.NONE, true);
        assertThat(proposed.commit().trailer("Target-Connection")).isEqualTo("other");
        bob.approve(proposed.commit().shortId(), null);

        // the same plan (same database) applied through the stack's own connection: the approval was for "other"
        Workbench.ApplyOutcome elsewhere = apply(alice, yaml);
        assertThat(elsewhere.result().outcome()).isEqualTo(ApplyResult.Outcome.REFUSED);
        assertThat(elsewhere.result().failure()).contains("approved for connection other").contains("not for local")
                .contains("Nothing was run");
        assertThat(elsewhere.commit()).isNull();
        assertThat(PgTestSupport.roleExists(role)).isFalse();

        // on its own connection it runs and names the proposal
        Stack s = alice.parseStack("s.yaml", yaml);
        try (ConfigRepository r = alice.repository()) {
            Workbench.ApplyOutcome there = alice.apply(s, yaml, other, r, false, null, Progress.NONE, null, Map.of(), true);
            assertThat(there.result().failure()).isNull();
            assertThat(there.commit().trailer("Proposal")).isEqualTo(proposed.commit().id());
        }
        assertThat(PgTestSupport.roleExists(role)).isTrue();
    }
}
