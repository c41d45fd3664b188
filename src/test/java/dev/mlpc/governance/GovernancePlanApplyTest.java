package dev.mlpc.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Governance through the workbench: the repository's governance.yaml decides the findings of a plan (warnings in the
 * plan JSON), and an error finding refuses the apply before anything runs (real PostgreSQL, real Git).
 */
class GovernancePlanApplyTest {
    @TempDir Path home;
    private final PgTestSupport pg = new PgTestSupport();

    @AfterEach
    void cleanUp() throws Exception {
        pg.close();
    }

    private Workbench wb() {
        return new Workbench(new AppHome(home), Workbench.standardProviders(), System.getenv(), Duration.ofSeconds(20));
    }

    private static String roleStack(String role) {
        return "stack: governed\nresources:\n  - type: postgres.role\n    name: " + role + "\n    login: false\n";
    }

    /** required-tags configured for PostgreSQL roles (which carry no tags): every role breaks it. */
    private static String tagsOnRoles(String severity) {
        return "rules:\n  required-tags:\n    severity: " + severity + "\n    types: [postgres.role]\n";
    }

    @Test
    void theOfflinePlanCarriesTheRepositorysFindingsInItsJson() throws Exception {
        Workbench wb = wb();
        Stack stack = wb.parseStack("stacks/governed.yaml", roleStack("analyst"));
        try (ConfigRepository repo = wb.repository()) {
            assertThat(wb.plan(stack, null, repo, Progress.NONE).warnings()).as("defaults: roles are not checked").isEmpty();
        }
        wb.commitGovernance(tagsOnRoles("warning"), "Roles need owners");
        assertThat(wb.governanceYaml()).contains(tagsOnRoles("warning"));
        Plan plan;
        try (ConfigRepository repo = wb.repository()) {
            plan = wb.plan(stack, null, repo, Progress.NONE);
        }
        JsonNode w = new ObjectMapper().readTree(plan.toJson()).get("warnings");
        assertThat(w).hasSize(1);
        assertThat(w.get(0).get("type").asText()).isEqualTo("postgres.role");
        assertThat(w.get(0).get("name").asText()).isEqualTo("analyst");
        assertThat(w.get(0).get("rule").asText()).isEqualTo("required-tags");
        assertThat(w.get(0).get("message").asText())
                .isEqualTo("required tags are missing, so ownership and data classification cannot be traced: missing"
                        + " owner, data-classification");
        assertThat(w.get(0).get("severity").asText()).isEqualTo("warning");
        assertThat(plan.toText()).contains("warning: postgres.role analyst: required tags are missing");
    }

    @Test
    void anOfflineSageMakerPlanShowsEachFindingWithItsRuleAndSeverity() throws Exception {
        Workbench wb = wb();
        String yaml = """
                stack: ml-domain
                resources:
                  - type: sagemaker.domain
                    name: ml
                    auth_mode: IAM
                    vpc_id: vpc-0a1b2c3d
                    subnet_ids: [subnet-0a1b2c3d]
                    app_network_access_type: PublicInternetOnly
                    default_user_settings:
                      execution_role: arn:aws:iam::111122223333:role/ml-default
                      sharing_settings:
                        notebook_output_option: Allowed
                        s3_output_path: s3://ml-outputs/shared
                    tags: {owner: ml-platform, data-classification: internal}
                """;
        Stack stack = wb.parseStack("stacks/ml-domain.yaml", yaml);
        wb.commitGovernance("""
                rules:
                  domain-without-cmk:
                    severity: error
                  public-internet-with-vpc:
                    enabled: false
                """, "Domains need a customer KMS key");
        Plan plan;
        try (ConfigRepository repo = wb.repository()) {
            plan = wb.plan(stack, null, repo, Progress.NONE);
        }
        JsonNode w = new ObjectMapper().readTree(plan.toJson()).get("warnings");
        java.util.List<String> rules = new java.util.ArrayList<>();
        w.forEach(x -> rules.add(x.get("rule").asText() + "/" + x.get("severity").asText() + "/" + x.get("type").asText()
                + " " + x.get("name").asText()));
        assertThat(rules).containsExactly("notebook-sharing-without-kms/warning/sagemaker.domain ml",
                "domain-without-cmk/error/sagemaker.domain ml");
        assertThat(w.get(1).get("message").asText()).isEqualTo("the domain's home file system (EFS) is encrypted with an"
                + " AWS managed key, not a customer managed KMS key the organisation controls: no kms_key_id is set"
                + " (governance error: blocks apply)");
        assertThat(w.get(0).fieldNames()).toIterable().containsExactly("type", "name", "rule", "message", "severity");
        assertThat(plan.toText()).contains("error: sagemaker.domain ml: the domain's home file system");
    }

    @Test
    void anInvalidGovernanceFileIsRefusedAndNeverCommitted() throws Exception {
        Workbench wb = wb();
        assertThatThrownBy(() -> wb.commitGovernance("rules:\n  required-tags:\n    severity: maybe\n", "x"))
                .isInstanceOf(GovernanceException.class)
                .hasMessage("governance.yaml:3:15: rules.required-tags.severity: must be warning or error");
        assertThat(wb.governanceYaml()).isEmpty();
        assertThat(wb.governance().rule("required-tags").severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void anErrorFindingRefusesTheApplyAndNothingRuns() throws Exception {
        Workbench wb = wb();
        String role = pg.role("gov_refused");
        String yaml = roleStack(role).replace("stack: governed", "stack: refused");
        Stack stack = wb.parseStack("stacks/refused.yaml", yaml);
        ConnectionProfile profile = PgTestSupport.profile("local");
        wb.commitGovernance(tagsOnRoles("error"), "Roles must carry owner tags");

        Workbench.ApplyOutcome out;
        int commits;
        try (ConfigRepository repo = wb.repository()) {
            commits = repo.log(0).size();
            Plan reviewed = wb.plan(stack, profile, repo, Progress.NONE);
            assertThat(reviewed.warnings()).extracting(w -> w.rule() + "/" + w.severity()).containsExactly("required-tags/error");
            // the reviewed plan (findings included) is the plan the apply computes: the governance gate refuses, not the hash gate
            out = wb.apply(stack, yaml, profile, repo, false, "apply", Progress.NONE, reviewed.sha256());
            assertThat(out.plan().sha256()).isEqualTo(reviewed.sha256());
            assertThat(repo.log(0)).as("no audit commit for a refused apply").hasSize(commits);
        }
        assertThat(out.result().outcome()).isEqualTo(ApplyResult.Outcome.REFUSED);
        assertThat(out.result().executed()).isEmpty();
        assertThat(out.result().failure()).startsWith("refused: governance rules with severity error (governance.yaml)"
                + " block this apply; nothing was run:")
                .contains("required-tags: postgres.role " + role + ": required tags are missing");
        assertThat(out.plan().warnings()).singleElement().satisfies(w -> {
            assertThat(w.severity()).isEqualTo("error");
            assertThat(w.message()).endsWith("(governance error: blocks apply)");
        });
        assertThat(PgTestSupport.roleExists(role)).as("nothing ran").isFalse();

        // the same stack applies once the rule is only a warning: the refusal came from the rule
        wb.commitGovernance(tagsOnRoles("warning"), "Owner tags on roles: warn only");
        try (ConfigRepository repo = wb.repository()) {
            Workbench.ApplyOutcome ok = wb.apply(stack, yaml, profile, repo, false, "apply", Progress.NONE);
            assertThat(ok.result().outcome()).isEqualTo(ApplyResult.Outcome.SUCCEEDED);
            assertThat(ok.commit().trailer("Applied")).isEqualTo("yes");
        }
        assertThat(PgTestSupport.roleExists(role)).isTrue();
    }
}
