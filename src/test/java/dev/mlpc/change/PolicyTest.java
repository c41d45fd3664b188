package dev.mlpc.change;

import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.plan.Safety;
import dev.mlpc.core.spec.Problem;
import dev.mlpc.core.spec.ResourceKey;
import dev.mlpc.core.spec.StackException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** policy.yaml: parsing with every problem at line:col, and which plans need how many approvals. */
class PolicyTest {
    static Plan plan(String stack, Safety... safeties) {
        List<Change> changes = new java.util.ArrayList<>();
        int i = 0;
        for (Safety s : safeties) {
            changes.add(new Change(s == Safety.DESTRUCTIVE ? Action.DROP : Action.CREATE,
                    new ResourceKey("postgres.role", "r" + i++), s, List.of(), Set.of(), null));
        }
        return new Plan(stack, "postgres", changes, List.of(), false);
    }

    @Test
    void requiredApprovalsIsTheLargestOfTheMatchingRules() throws Exception {
        Policy p = Policy.parse("policy.yaml", """
                approvals:
                  - name: production
                    stacks: ["prod-*", registry]
                    providers: [postgres, snowflake]
                    safety: [unsafe, destructive]
                    approvers: 2
                  - stacks: ["prod-?b"]
                    approvers: 3
                  - providers: [sagemaker]
                    approvers: 1
                signatures: required
                """);
        assertThat(p.signaturesRequired()).isTrue();
        assertThat(p.rules()).hasSize(3);
        assertThat(p.requiredApprovals("prod-db", "postgres", plan("prod-db", Safety.DESTRUCTIVE))).isEqualTo(3);
        assertThat(p.requiredApprovals("prod-app", "postgres", plan("prod-app", Safety.SAFE, Safety.UNSAFE))).isEqualTo(2);
        assertThat(p.requiredApprovals("prod-app", "postgres", plan("prod-app", Safety.SAFE))).isZero();
        assertThat(p.requiredApprovals("registry", "datashare", plan("registry", Safety.DESTRUCTIVE))).isZero();
        assertThat(p.requiredApprovals("dev", "sagemaker", plan("dev", Safety.SAFE))).isEqualTo(1);
        assertThat(p.requiredApprovals("dev", "sagemaker", plan("dev"))).as("no change, no approval").isZero();
        assertThat(p.matching("prod-db", "postgres", plan("prod-db", Safety.UNSAFE))).extracting(Policy.Rule::label)
                .containsExactly("production", "rule at policy.yaml:7");
        assertThat(p.policyChangeApprovals()).isEqualTo(3);
        assertThat(Policy.NONE.requiredApprovals("x", "postgres", plan("x", Safety.DESTRUCTIVE))).isZero();
        assertThat(Policy.NONE.signaturesRequired()).isFalse();
        assertThat(Policy.parse("policy.yaml", "  \n")).isSameAs(Policy.NONE);
    }

    @Test
    void everyProblemIsNamedByLineAndColumn() {
        String yaml = """
                approvals:
                  - name: x
                    stacks: ["prod/*"]
                    safety: [risky]
                    approvers: 0
                    owner: me
                  - providers: [Postgres]
                signatures: maybe
                extra: 1
                """;
        assertThatThrownBy(() -> Policy.parse("policy.yaml", yaml)).isInstanceOfSatisfying(StackException.class, e ->
                assertThat(e.problems()).extracting(Problem::format).containsExactly(
                        "policy.yaml:3:14: approvals[0].stacks[0]: 'prod/*' is not a stack name or a glob with * and ? (letters, digits, '_', '-')",
                        "policy.yaml:4:14: approvals[0].safety[0]: 'risky' is not safe, unsafe or destructive",
                        "policy.yaml:5:16: approvals[0].approvers: '0' is not a whole number from 1 to 20 (approvals needed by others than the proposer)",
                        "policy.yaml:6:5: approvals[0].owner: unknown field of a rule (expected approvers, name, providers, safety, stacks)",
                        "policy.yaml:7:5: approvals[1].approvers: required: how many approvals by others than the proposer (>= 1)",
                        "policy.yaml:7:17: approvals[1].providers[0]: 'Postgres' is not a provider id such as postgres or snowflake",
                        "policy.yaml:8:13: signatures: 'maybe' is not required or optional",
                        "policy.yaml:9:1: extra: unknown top-level field (expected approvals, signatures)"));
        assertThatThrownBy(() -> Policy.parse("policy.yaml", "- a\n")).isInstanceOf(StackException.class)
                .hasMessageContaining("policy.yaml:1:1");
    }

    @Test
    void unknownProviderIdsAndEmptyListsAreRefusedByLineAndColumn() throws Exception {
        String yaml = """
                approvals:
                  - providers: [postgres, postgress]
                    approvers: 1
                  - stacks: []
                    providers: []
                    approvers: 1
                """;
        java.util.Set<String> known = java.util.Set.of("postgres", "snowflake");
        assertThatThrownBy(() -> Policy.parse("policy.yaml", yaml, known)).isInstanceOfSatisfying(StackException.class, e ->
                assertThat(e.problems()).extracting(Problem::format).containsExactly(
                        "policy.yaml:2:27: approvals[0].providers[1]: 'postgress' is not a known provider id (known: postgres, snowflake); a rule naming it would never match",
                        "policy.yaml:4:13: approvals[1].stacks: is an empty list, which never matches: name at least one, or leave the field out to match every stack",
                        "policy.yaml:5:16: approvals[1].providers: is an empty list, which never matches: name at least one, or leave the field out to match every provider"));
        // known ids pass
        assertThat(Policy.parse("policy.yaml", "approvals:\n  - providers: [snowflake]\n    approvers: 2\n", known).rules())
                .hasSize(1);
    }
}
