package dev.mlpc.providers.datashare;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.plan.PlanWarning;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.LiveNode;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.mlpc.providers.datashare.DataShareLiveKit.accountId;
import static dev.mlpc.providers.datashare.DataShareLiveKit.child;
import static dev.mlpc.testing.datashare.DataShareSimulator.SUBSCRIPTION;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Impact before a drop, through the workbench against the Data Share simulator: withdrawing an invitation (an
 * unmanaged one, from the live tree) lists its consumer in the review as an {@code impact} warning, and the apply's
 * re-read gives the same plan hash, so the reviewed withdrawal runs.
 */
class DataShareDropImpactTest {
    private DataShareLiveKit kit;

    @AfterEach
    void tearDown() {
        if (kit != null) kit.close();
    }

    @Test
    void withdrawingAnInvitationListsItsConsumerAndTheReviewedPlanRuns(@TempDir Path home) throws Exception {
        kit = new DataShareLiveKit();
        Workbench wb = new Workbench(new AppHome(home), new ProviderRegistry(List.of(DataShareLiveKit.provider(kit.sim))),
                Map.of(), Duration.ofSeconds(20));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("subscription_id", SUBSCRIPTION);
        settings.put("cloud", "custom");
        settings.put("resource_manager_endpoint", kit.sim.endpoint().toString());
        settings.put("authority_host", "https://127.0.0.1:9/");
        ConnectionProfile profile = new ConnectionProfile("fl-azure", "datashare", settings);
        wb.connections().save(List.of(profile));
        kit.sim.seedAccounts(SUBSCRIPTION, "fl-rg", 1, 1, 1);
        kit.invitation("fl-rg", "account-001", "share-001", "hospital-b", "B@Hospital.test");
        LiveNode invitation = child(kit.children(kit.walk("fl-rg", "account-001", "share-001")), "hospital-b");

        Workbench.DropPlan drop = wb.planDrop(profile, invitation, Progress.NONE);
        assertThat(drop.stack()).isNull();
        List<PlanWarning> impact = drop.plan().warnings().stream().filter(w -> w.rule().equals("impact")).toList();
        assertThat(impact).singleElement().satisfies(w -> {
            assertThat(w.type()).isEqualTo("datashare.invitation");
            assertThat(w.name()).isEqualTo("hospital-b");
            assertThat(w.message()).startsWith("dropping it affects 1 dependent downstream: consumer B@Hospital.test")
                    .contains("consumer:email:b@hospital.test");
        });
        assertThat(drop.plan().toText()).contains("warning: datashare.invitation hospital-b: dropping it affects");

        Workbench.ApplyOutcome out = wb.applyDrop(drop, "hospital-b", Progress.NONE);
        assertThat(out.result().succeeded()).as(String.valueOf(out.result().failure())).isTrue();
        assertThat(kit.sim.resource(accountId("fl-rg", "account-001") + "/shares/share-001/invitations/hospital-b")).isNull();
    }
}
