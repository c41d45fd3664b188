package dev.mlpc.providers.datashare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.plan.Action;
import dev.mlpc.core.provider.ApplyResult.Outcome;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.testing.datashare.DataShareSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through the workbench's one apply path: the journal keeps each long-running operation's URL, and withdrawing an
 * invitation (and any delete) is refused unless destruction is allowed.
 */
class DataShareWorkbenchTest {
    static final String INVITATION = DataShareSimulatorRoundTripTest.SHARE + "/invitations/hospital-b";

    @TempDir Path tmp;
    private DataShareSimulator sim;
    private Workbench wb;
    private ConfigRepository repo;
    private ConnectionProfile profile;

    @BeforeEach
    void open() throws Exception {
        sim = DataShareSimulator.start();
        sim.expectBearer(DataShareSimulatorRoundTripTest.TOKEN);
        sim.seedStorageAccount(DsKit.STORAGE_SUB, "data-rg", "flsource");
        wb = new Workbench(new AppHome(tmp.resolve("home")), new ProviderRegistry(java.util.List.of(
                new DataShareProvider(Duration.ofMillis(5), sim.httpClient(), DataShareSimulatorRoundTripTest.token()))),
                Map.of(), Duration.ofSeconds(20));
        repo = ConfigRepository.init(tmp.resolve("repo"));
        profile = DsKit.profile("subscription_id", DsKit.SUB, "cloud", "custom", "resource_manager_endpoint", sim.endpoint().toString(),
                "authority_host", "https://127.0.0.1:9/");
    }

    @AfterEach
    void close() {
        repo.close();
        sim.close();
        assertThat(sim.failures()).isEmpty();
    }

    private Workbench.ApplyOutcome apply(String yaml, boolean allowDestroy) throws Exception {
        return wb.apply(wb.stackReader().parse("stacks/fl-provider.yaml", yaml), yaml, profile, repo, allowDestroy, null, Progress.NONE);
    }

    @Test
    void theJournalKeepsOperationUrlsAndWithdrawingAnInvitationIsGated() throws Exception {
        String full = DsKit.providerStack();
        Workbench.ApplyOutcome out = apply(full, false);
        assertThat(out.result().outcome()).as(String.valueOf(out.result().failure())).isEqualTo(Outcome.SUCCEEDED);
        String path = out.commit().files().stream().filter(f -> f.startsWith("journal/fl-provider/")).findFirst().orElseThrow();
        JsonNode st = new ObjectMapper().readTree(Files.readString(repo.directory().resolve(path))).path("statements");
        assertThat(st.get(1).path("statement").path("method").asText()).isEqualTo("PUT");
        assertThat(st.get(1).path("system_id").asText()).as("the account's create is long-running")
                .startsWith(sim.endpoint().toString()).contains("/operationStatuses/");
        assertThat(st.get(2).path("statement").path("path").asText()).as("the journal keeps the display form")
                .isEqualTo("${datashare.account.fl-share-account.Id}/shares/training-data?api-version=2021-08-01");
        assertThat(st.get(2).path("system_id").asText()).as("a synchronous create keeps ARM's request id").isNotBlank();
        assertThat(out.commit().files()).contains("generated/datashare/fl-provider.json");

        String withoutInvitation = full.replace("""
                  - type: datashare.invitation
                    name: hospital-b
                    share: training-data
                    target_email: consumer@example.com
                    expiration_date: 2027-06-30T00:00:00Z
                """, "");
        Workbench.ApplyOutcome refused = apply(withoutInvitation, false);
        assertThat(refused.result().outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(refused.result().failure()).contains("destructive").contains("datashare.invitation hospital-b");
        assertThat(refused.plan().actionable()).extracting(c -> c.action()).containsExactly(Action.DROP);
        assertThat(sim.resource(INVITATION)).as("nothing was withdrawn").isNotNull();

        Workbench.ApplyOutcome withdrawn = apply(withoutInvitation, true);
        assertThat(withdrawn.result().outcome()).as(String.valueOf(withdrawn.result().failure())).isEqualTo(Outcome.SUCCEEDED);
        assertThat(sim.resource(INVITATION)).isNull();
    }
}
