package dev.mlpc.governance;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ApplyResult;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.testing.sagemaker.SageMakerSimulator;
import dev.mlpc.testing.snowflake.OnlyLoopback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Error-severity governance findings refuse a SageMaker apply through {@code Workbench.apply} against the simulator (the
 * real SDK): the live plan carries the findings, and no mutating request reaches the service.
 */
@ExtendWith(OnlyLoopback.class)
class GovernanceSageMakerApplyTest {
    static final Map<String, String> KEYS = Map.of("SIM_KEY_ID", "AKIDSIMTEST", "SIM_SECRET", "sim-secret-value");
    static final String ROLE = "arn:aws:iam::123456789012:role/ml-shared";

    @TempDir Path home;
    private SageMakerSimulator sim;

    @BeforeAll
    static void noInstanceMetadata() {
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    @BeforeEach
    void start() {
        sim = SageMakerSimulator.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private ConnectionProfile profile() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("region", sim.region());
        s.put("credentials", "static");
        s.put("access_key_id", "${env:SIM_KEY_ID}");
        s.put("secret_access_key", "${env:SIM_SECRET}");
        s.put("endpoint_url", sim.endpoint().toString());
        return new ConnectionProfile("sim", "sagemaker", s);
    }

    private static String profileYaml(String name) {
        return """
                  - type: sagemaker.user_profile
                    name: %s
                    domain: ml
                    user_settings:
                      execution_role: %s
                    tags: {owner: %s, data-classification: internal}
                """.formatted(name, ROLE, name);
    }

    @Test
    void errorFindingsRefuseTheApplyAndNoRequestChangesAnything() throws Exception {
        Workbench wb = new Workbench(new AppHome(home), Workbench.standardProviders(), KEYS, Duration.ofSeconds(20));
        String yaml = """
                stack: ml-governed
                resources:
                  - type: sagemaker.domain
                    name: ml
                    auth_mode: IAM
                    vpc_id: vpc-0abc
                    subnet_ids: [subnet-0abc]
                    app_network_access_type: VpcOnly
                    default_user_settings:
                      execution_role: %s
                    tags: {owner: ml-team, data-classification: internal}
                """.formatted(ROLE) + profileYaml("alice") + profileYaml("bob");
        Stack stack = wb.parseStack("stacks/ml-governed.yaml", yaml);
        wb.commitGovernance("""
                rules:
                  domain-without-cmk:
                    severity: error
                  shared-execution-role:
                    severity: error
                """, "Customer keys and one role per user");

        Workbench.ApplyOutcome out;
        try (ConfigRepository repo = wb.repository()) {
            int commits = repo.log(0).size();
            Plan reviewed = wb.plan(stack, profile(), repo, Progress.NONE);
            assertThat(reviewed.summary().create()).isEqualTo(3);
            assertThat(reviewed.warnings()).extracting(w -> w.rule() + "/" + w.severity() + "/" + w.name())
                    .containsExactly("domain-without-cmk/error/ml", "shared-execution-role/error/ml");
            sim.resetCounts();
            out = wb.apply(stack, yaml, profile(), repo, false, "apply", Progress.NONE, reviewed.sha256());
            assertThat(repo.log(0)).as("a refused apply commits nothing").hasSize(commits);
        }
        assertThat(out.result().outcome()).isEqualTo(ApplyResult.Outcome.REFUSED);
        assertThat(out.result().executed()).isEmpty();
        assertThat(out.result().failure()).startsWith("refused: governance rules with severity error")
                .contains("domain-without-cmk: sagemaker.domain ml: the domain's home file system (EFS)")
                .contains("shared-execution-role: sagemaker.domain ml: every user profile of the domain runs as one"
                        + " execution role")
                .contains("all 2 user profiles (alice, bob) use " + ROLE);
        assertThat(sim.requests("CreateDomain") + sim.requests("CreateUserProfile") + sim.requests("UpdateDomain")
                + sim.requests("AddTags")).as("nothing ran").isZero();
        assertThat(sim.totalRequests()).as("the apply only read").isPositive();
    }
}
