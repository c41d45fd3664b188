package dev.mlpc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * mlpc policy / propose / approve / reject / proposals / apply --proposal end to end, with two identities (two
 * MLPC_HOMEs with different author e-mails) on one config repository: real files, real Git, real PostgreSQL.
 */
class ChangeControlCliTest {
    @TempDir Path tmp;
    final PgTestSupport pg = new PgTestSupport();
    Path repo;
    Path alice;
    Path bob;

    record Run(int code, String out, String err) {}

    Run as(Path home, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = new HashMap<>();
        env.put("MLPC_HOME", home.toString());
        if (PgTestSupport.password() != null) env.put("MLPC_TEST_PG_PASSWORD", PgTestSupport.password());
        int code = MlpcCommand.run(args, env, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    Path home(String name, String email) throws Exception {
        Path home = tmp.resolve(name);
        Files.createDirectories(home);
        Files.writeString(home.resolve("settings.yaml"), "author: {name: " + name + ", email: " + email + "}\nrepository: " + repo + "\n");
        String pw = PgTestSupport.password() == null ? "" : ", password: \"${env:MLPC_TEST_PG_PASSWORD}\"";
        Files.writeString(home.resolve("connections.yaml"), "connections:\n"
                + "  local: {type: postgres, url: \"" + PgTestSupport.url() + "\", user: " + PgTestSupport.user() + pw + "}\n"
                + "  other: {type: postgres, url: \"" + PgTestSupport.url() + "\", user: " + PgTestSupport.user() + pw + "}\n");
        return home;
    }

    @BeforeEach
    void setUp() throws Exception {
        repo = tmp.resolve("config");
        alice = home("alice", "alice@example.org");
        bob = home("bob", "bob@example.org");
    }

    @AfterEach
    void cleanUp() throws Exception {
        pg.close();
    }

    Path stack(String name, String role, boolean login) throws Exception {
        Path f = tmp.resolve(name + (login ? "-login" : "") + ".yaml");
        Files.writeString(f, "stack: " + name + "\ntarget: local\nresources:\n  - {type: postgres.role, name: " + role + ", login: " + login + "}\n");
        return f;
    }

    java.util.List<dev.mlpc.core.audit.CommitInfo> log() throws Exception {
        try (dev.mlpc.core.audit.ConfigRepository r = dev.mlpc.core.audit.ConfigRepository.open(repo)) {
            return r.log(0);
        }
    }

    static String proposalId(Run r) {
        Matcher m = Pattern.compile("Proposed ([0-9a-f]{40})").matcher(r.out());
        assertThat(m.find()).as(r.out() + r.err()).isTrue();
        return m.group(1);
    }

    @Test
    void fourEyesFromProposalToApplyAndRejection() throws Exception {
        String role = pg.role("mlpc_cccli");
        Path policy = tmp.resolve("policy.yaml");
        Files.writeString(policy, "approvals:\n  - name: all stacks\n    approvers: 1\n");
        Run set = as(alice, "policy", "set", policy.toString(), "-m", "Four eyes");
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(set.out()).contains("Committed").contains("Config: policy.yaml");
        assertThat(as(bob, "policy", "show").out()).contains("all stacks: 1 approval(s) by others than the proposer for every stack");

        Path file = stack("cc-cli", role, false);
        Run refused = as(alice, "apply", file.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("needs 1 approval(s)").contains("none proposed").doesNotContain("Exception");
        assertThat(PgTestSupport.roleExists(role)).isFalse();

        Run proposed = as(alice, "propose", file.toString(), "-m", "New role for the registry");
        assertThat(proposed.code()).as(proposed.err()).isZero();
        String id = proposalId(proposed);
        assertThat(proposed.out()).contains("needs 1 approval(s) by others than alice@example.org").contains("Target: postgres 127.0.0.1:5432/")
                .contains("create");

        Run self = as(alice, "approve", id.substring(0, 10));
        assertThat(self.code()).isEqualTo(1);
        assertThat(self.err()).contains("alice@example.org proposed").contains("cannot approve");

        Run open = as(bob, "proposals");
        assertThat(open.code()).isZero();
        assertThat(open.out()).contains(id.substring(0, 7)).contains("open").contains("0/1").contains("not applicable")
                .contains("by alice <alice@example.org>");

        Run approved = as(bob, "approve", id, "-m", "Checked the grants");
        assertThat(approved.code()).as(approved.err()).isZero();
        assertThat(approved.out()).contains("Approved " + id.substring(0, 7)).contains("1 of 1 approval(s): applicable");
        JsonNode json = new ObjectMapper().readTree(as(alice, "proposals", "--format", "json").out());
        assertThat(json).hasSize(1);
        assertThat(json.get(0).path("status").asText()).isEqualTo("approved");
        assertThat(json.get(0).path("applicable").asBoolean()).isTrue();
        assertThat(json.get(0).path("approvals").get(0).path("by").path("email").asText()).isEqualTo("bob@example.org");

        Run applied = as(alice, "apply", file.toString());
        assertThat(applied.code()).as(applied.err()).isZero();
        assertThat(applied.out()).contains("Committed");
        assertThat(PgTestSupport.roleExists(role)).isTrue();
        dev.mlpc.core.audit.CommitInfo head = log().get(0);
        assertThat(head.trailer("Proposal")).isEqualTo(id);
        assertThat(head.trailer("Target-Connection")).isEqualTo("local");
        JsonNode all = new ObjectMapper().readTree(as(alice, "proposals", "--all", "--format", "json").out());
        assertThat(all.get(0).path("status").asText()).isEqualTo("applied");
        assertThat(as(alice, "proposals").out()).contains("No open proposals.");
        Run late = as(bob, "approve", id);
        assertThat(late.code()).isEqualTo(1);
        assertThat(late.err()).contains("it is applied");

        // a rejection needs a reason and closes the proposal
        Path login = stack("cc-cli", role, true);
        String second = proposalId(as(alice, "propose", login.toString()));
        Run noReason = as(bob, "reject", second);
        assertThat(noReason.code()).isEqualTo(1);
        assertThat(noReason.err()).contains("-m REASON: required");
        Run rejected = as(bob, "reject", second, "-m", "Login stays off");
        assertThat(rejected.code()).as(rejected.err()).isZero();
        Run notApplicable = as(alice, "apply", "--proposal", second);
        assertThat(notApplicable.code()).isEqualTo(1);
        assertThat(notApplicable.err()).contains("not applicable").contains("rejected by bob").contains("Login stays off");
        assertThat(PgTestSupport.column("postgres", "SELECT rolcanlogin::text FROM pg_roles WHERE rolname = ?", role)).containsExactly("false");

        // the policy change follows the policy in force: proposed, approved by bob, then applied
        Path none = tmp.resolve("none.yaml");
        Files.writeString(none, "signatures: optional\n");
        Run change = as(alice, "policy", "set", none.toString());
        assertThat(change.code()).as(change.err()).isZero();
        assertThat(change.out()).contains("Proposed").contains("asks 1 approval(s) for a change of policy.yaml");
        String policyProposal = proposalId(change);
        Run early = as(alice, "apply", "--proposal", policyProposal);
        assertThat(early.code()).isEqualTo(1);
        assertThat(early.err()).contains("0 of 1");
        assertThat(as(bob, "approve", policyProposal).code()).isZero();
        Run policyApplied = as(alice, "apply", "--proposal", policyProposal);
        assertThat(policyApplied.code()).as(policyApplied.err()).isZero();
        assertThat(as(alice, "policy", "show").out()).contains("No policy");

        Run verify = as(alice, "verify");
        assertThat(verify.code()).as(verify.err()).isZero();
    }

    @Test
    void aBoundStackRefusesAnotherConnectionUnlessForcedAndApplyByProposal() throws Exception {
        String role = pg.role("mlpc_cctgt");
        Path file = stack("cc-target", role, false);
        Run wrong = as(alice, "apply", file.toString(), "--connection", "other");
        assertThat(wrong.code()).isEqualTo(1);
        assertThat(wrong.err()).contains("bound to connection local").contains("not other").contains("--force-target");
        Run wrongPlan = as(alice, "plan", file.toString(), "--connection", "other");
        assertThat(wrongPlan.code()).isEqualTo(1);
        assertThat(wrongPlan.err()).contains("bound to connection local");
        Run plan = as(alice, "plan", file.toString(), "--detailed-exitcode");
        assertThat(plan.code()).as("the target's live plan: the role is missing").isEqualTo(2);
        assertThat(PgTestSupport.roleExists(role)).isFalse();

        // apply --proposal without a policy: the proposal's stack on its own connection
        String id = proposalId(as(alice, "propose", file.toString()));
        Run notYet = as(alice, "apply", "--proposal", id);
        assertThat(notYet.code()).isEqualTo(1);
        assertThat(notYet.err()).contains("0 of 1");
        assertThat(as(bob, "approve", id).code()).isZero();
        Run elsewhere = as(alice, "apply", "--proposal", id, "--connection", "other");
        assertThat(elsewhere.code()).isEqualTo(1);
        assertThat(elsewhere.err()).contains("approved against connection local, not other");
        Run ok = as(alice, "apply", "--proposal", id);
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(PgTestSupport.roleExists(role)).isTrue();

        Run forced = as(alice, "apply", file.toString(), "--connection", "other", "--force-target");
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("No changes");
        dev.mlpc.core.audit.CommitInfo head = log().get(0);
        assertThat(head.trailer("Target")).startsWith("postgres 127.0.0.1:5432/");
        assertThat(head.message()).doesNotContain("password");
    }

    @Test
    void policySetRefusesAnUnknownProviderIdAndAnEmptyList() throws Exception {
        Path policy = tmp.resolve("policy.yaml");
        Files.writeString(policy, "approvals:\n  - providers: [postgress]\n    approvers: 1\n  - stacks: []\n    approvers: 1\n");
        Run set = as(alice, "policy", "set", policy.toString());
        assertThat(set.code()).isEqualTo(1);
        assertThat(set.err()).contains("policy.yaml:2:17: approvals[0].providers[0]: 'postgress' is not a known provider id (known: ")
                .contains("postgres").contains("approvals[1].stacks: is an empty list, which never matches").doesNotContain("Exception");
        // nothing written: the repository was not even created
        assertThat(repo).doesNotExist();
    }

    @Test
    void verifyReportsAMalformedHistoricalPolicyAsAProblemOfThatCommitAndCarriesOn() throws Exception {
        Path policy = tmp.resolve("policy.yaml");
        Files.writeString(policy, "approvals:\n  - approvers: 1\n");
        assertThat(as(alice, "policy", "set", policy.toString()).code()).isZero();
        String after;
        try (dev.mlpc.core.audit.ConfigRepository r = dev.mlpc.core.audit.ConfigRepository.open(repo)) {
            // written around mlpc: a policy.yaml that does not parse, then a commit made under it
            r.commitFile("policy.yaml", "approvals: [ {approvers: x\n", "Broken policy", new dev.mlpc.core.audit.Author("Eve", "eve@example.org"));
            after = r.commitFile("notes.txt", "hello\n", "A note", new dev.mlpc.core.audit.Author("Eve", "eve@example.org")).id();
        }
        Run verify = as(alice, "verify");
        assertThat(verify.code()).isEqualTo(1);
        assertThat(verify.err()).contains(after.substring(0, 7) + ": the policy.yaml in force for this commit is invalid")
                .contains("policy.yaml at ").doesNotContain("Exception");
        Run json = as(alice, "verify", "--format", "json");
        assertThat(json.code()).isEqualTo(1);
        com.fasterxml.jackson.databind.JsonNode tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
        assertThat(tree.toString()).contains(after.substring(0, 7) + ": the policy.yaml in force for this commit is invalid");
    }

    @Test
    void messagesNameTheProposalAndTheRevField() throws Exception {
        String role = pg.role("mlpc_ccmsg");
        Path file = stack("cc-msg", role, false);
        Run proposed = as(alice, "propose", file.toString());
        assertThat(proposed.code()).as(proposed.err()).isZero();
        String id = proposalId(proposed);
        assertThat(as(bob, "approve", id).code()).isZero();
        // a live change that changes the plan: the role now exists
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(PgTestSupport.url(), PgTestSupport.user(), PgTestSupport.password())) {
            c.createStatement().execute("CREATE ROLE " + role + " LOGIN");
        }
        Run changed = as(alice, "apply", "--proposal", id);
        assertThat(changed.code()).isEqualTo(1);
        assertThat(changed.err()).contains("not the approved plan of proposal " + id.substring(0, 7)).doesNotContain("--expect-plan-sha256");

        Run noRev = as(bob, "approve", "nosuchrev");
        assertThat(noRev.code()).isEqualTo(1);
        assertThat(noRev.err()).contains("REV: unknown commit revision: nosuchrev");
    }
}
