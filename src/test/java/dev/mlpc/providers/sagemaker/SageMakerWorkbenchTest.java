package dev.mlpc.providers.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Action;
import dev.mlpc.core.plan.Change;
import dev.mlpc.core.plan.Plan;
import dev.mlpc.core.provider.ApplyResult.Outcome;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.testing.sagemaker.SageMakerSimulator;
import dev.mlpc.testing.snowflake.OnlyLoopback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path through the workbench against the simulator: plan → apply → journal with the AWS request ids, the
 * DomainId and the Studio Url → re-plan clean; a removed setting cleared using the committed history; a replace
 * refused without allow-destroy, with its reason.
 */
@ExtendWith(OnlyLoopback.class)
class SageMakerWorkbenchTest {
    @TempDir
    Path tmp;

    private SageMakerSimulator sim;
    private Workbench wb;
    private ConfigRepository repo;
    private ConnectionProfile profile;

    @BeforeAll
    static void noInstanceMetadata() {
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    @BeforeEach
    void open() throws Exception {
        sim = SageMakerSimulator.start();
        wb = new Workbench(new AppHome(tmp.resolve("home")), new ProviderRegistry(java.util.List.of(
                new SageMakerProvider(Duration.ofMillis(5)))), SageMakerSimulatorRoundTripTest.KEYS, Duration.ofSeconds(20));
        repo = ConfigRepository.init(tmp.resolve("repo"));
        Map<String, String> s = new LinkedHashMap<>();
        s.put("region", sim.region());
        s.put("credentials", "static");
        s.put("access_key_id", "${env:SIM_KEY_ID}");
        s.put("secret_access_key", "${env:SIM_SECRET}");
        s.put("endpoint_url", sim.endpoint().toString());
        profile = new ConnectionProfile("sim", "sagemaker", s);
    }

    @AfterEach
    void close() {
        repo.close();
        sim.close();
        assertThat(sim.failures()).isEmpty();
    }

    private JsonNode journal(Workbench.ApplyOutcome out) throws Exception {
        String path = out.commit().files().stream().filter(f -> f.startsWith("journal/governed-ml/")).findFirst().orElseThrow();
        String text = Files.readString(repo.directory().resolve(path));
        assertThat(text).doesNotContain("sim-secret-value");
        return new ObjectMapper().readTree(text);
    }

    private Workbench.ApplyOutcome apply(String yaml, boolean allowDestroy) throws Exception {
        return wb.apply(wb.stackReader().parse("stacks/governed-ml.yaml", yaml), yaml, profile, repo, allowDestroy, null, Progress.NONE);
    }

    private Plan plan(String yaml) throws Exception {
        return wb.plan(wb.stackReader().parse("stacks/governed-ml.yaml", yaml), profile, repo, Progress.NONE);
    }

    @Test
    void applyJournalsIdsAndUrlAndTheHistoryDrivesClearing() throws Exception {
        String v1 = SmKit.seedStack();
        Workbench.ApplyOutcome out = apply(v1, false);
        assertThat(out.result().outcome()).as(String.valueOf(out.result().failure())).isEqualTo(Outcome.SUCCEEDED);
        String id = sim.domainIds().get(0);
        JsonNode st = journal(out).path("statements");
        assertThat(st.get(0).path("statement").path("operation").asText()).isEqualTo("CreateDomain");
        assertThat(st.get(0).path("outputs").path("DomainId").asText()).isEqualTo(id);
        assertThat(st.get(0).path("outputs").path("Url").asText()).isEqualTo("https://" + id + ".studio.eu-west-1.sagemaker.aws");
        assertThat(st.get(0).path("system_id").asText()).isNotBlank();
        assertThat(st.get(1).path("statement").path("request").path("DomainId").asText())
                .isEqualTo("${sagemaker.domain.my-sagemaker-domain.DomainId}");
        assertThat(out.commit().files()).contains("generated/sagemaker/governed-ml.json");

        assertThat(plan(v1).actionable()).isEmpty();

        String v2 = v1.replace("      security_groups: [sg-01]\n", "");
        Plan p2 = plan(v2);
        assertThat(p2.actionable()).extracting(Change::action).containsExactly(Action.UPDATE);
        assertThat(p2.actionable().get(0).reason()).contains("default_user_settings.security_groups: [sg-01] -> [] (removed from the stack)");
        Workbench.ApplyOutcome cleared = apply(v2, false);
        assertThat(cleared.result().outcome()).as(String.valueOf(cleared.result().failure())).isEqualTo(Outcome.SUCCEEDED);
        assertThat(sim.domain(id).at("/DefaultUserSettings/SecurityGroups").toString()).isEqualTo("[]");
        assertThat(plan(v2).actionable()).isEmpty();

        String v3 = v2.replace("vpc_id: vpc-0abc", "vpc_id: vpc-0new");
        Workbench.ApplyOutcome refused = apply(v3, false);
        assertThat(refused.result().outcome()).isEqualTo(Outcome.REFUSED);
        Change replace = refused.plan().actionable().get(0);
        assertThat(replace.action()).isEqualTo(Action.REPLACE);
        assertThat(replace.reason()).contains("vpc_id: vpc-0abc -> vpc-0new");
        assertThat(sim.domainIds()).containsExactly(id);
    }
}
