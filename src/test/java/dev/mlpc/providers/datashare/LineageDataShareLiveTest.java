package dev.mlpc.providers.datashare;

import dev.mlpc.app.AppHome;
import dev.mlpc.app.LineageService;
import dev.mlpc.app.Workbench;
import dev.mlpc.core.audit.ConfigRepository;
import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.core.provider.ProviderRegistry;
import dev.mlpc.lineage.LineageEdge;
import dev.mlpc.lineage.LineageGraph;
import dev.mlpc.lineage.LineageNode;
import dev.mlpc.testing.datashare.DataShareSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lineage graph's live source against the Data Share simulator: the stack at head marked in sync, a share applied
 * from a stack that is not at head shown as unmanaged (named by its ARM id) with its dataset's storage, and the
 * invitation's live id merged into the stack's node.
 */
class LineageDataShareLiveTest {
    @TempDir Path tmp;
    DataShareSimulator sim;
    Workbench wb;
    ConnectionProfile profile;

    static final String OTHER = """
            stack: other
            resources:
              - type: datashare.share
                name: Side-Share
                account: fl-share-account
                share_kind: CopyBased
              - type: datashare.dataset
                name: extra
                share: Side-Share
                kind: Container
                subscription_id: %s
                resource_group: data-rg
                storage_account_name: flsource
                container_name: extra
              - type: datashare.account
                name: fl-share-account
                resource_group: fl-rg
                location: eastus
            """.formatted(DsKit.STORAGE_SUB);

    @BeforeEach
    void open() throws Exception {
        sim = DataShareSimulator.start();
        sim.expectBearer(DataShareSimulatorRoundTripTest.TOKEN);
        sim.seedStorageAccount(DsKit.STORAGE_SUB, "data-rg", "flsource");
        ProviderRegistry providers = new ProviderRegistry(List.of(
                new DataShareProvider(Duration.ofMillis(5), sim.httpClient(), DataShareSimulatorRoundTripTest.token())));
        wb = new Workbench(new AppHome(tmp.resolve("home")), providers, Map.of(), Duration.ofSeconds(20));
        profile = DsKit.profile("subscription_id", DsKit.SUB, "cloud", "custom", "resource_manager_endpoint",
                sim.endpoint().toString(), "authority_host", "https://127.0.0.1:9/");
        wb.connections().save(List.of(profile));
    }

    @AfterEach
    void close() {
        sim.close();
    }

    @Test
    void stackAtHeadInSyncAndAShareOfNoStackUnmanaged() throws Exception {
        String yaml = DsKit.providerStack();
        try (ConfigRepository head = wb.repository()) {
            var out = wb.apply(wb.stackReader().parse("stacks/fl-provider.yaml", yaml), yaml, profile, head, false, null, Progress.NONE);
            assertThat(out.result().outcome()).as(String.valueOf(out.result().failure())).isEqualTo(dev.mlpc.core.provider.ApplyResult.Outcome.SUCCEEDED);
        }
        try (ConfigRepository elsewhere = ConfigRepository.init(tmp.resolve("elsewhere"))) {
            var out = wb.apply(wb.stackReader().parse("stacks/other.yaml", OTHER), OTHER, profile, elsewhere, false, null, Progress.NONE);
            assertThat(out.result().outcome()).as(String.valueOf(out.result().failure())).isEqualTo(dev.mlpc.core.provider.ApplyResult.Outcome.SUCCEEDED);
        }

        LineageService.Result r = wb.lineage(true, Progress.NONE);
        assertThat(r.warnings()).isEmpty();
        LineageGraph g = r.graph();
        String share = "datashare:share:fl-rg/fl-share-account/training-data";
        String invitation = "datashare:invitation:fl-rg/fl-share-account/training-data/hospital-b";
        assertThat(g.node(share).orElseThrow()).extracting(LineageNode::stack, n -> n.attribute("drift"))
                .containsExactly("fl-provider", "in-sync");
        LineageNode inv = g.node(invitation).orElseThrow();
        assertThat(inv.attribute("drift")).isEqualTo("in-sync");
        assertThat(inv.attribute("invitation-id")).as("the live invitation's id").isNotBlank();

        LineageNode side = g.node("datashare:share:fl-rg/fl-share-account/side-share").orElseThrow();
        assertThat(side).extracting(LineageNode::stack, LineageNode::connection, LineageNode::known, n -> n.attribute("drift"))
                .containsExactly(null, "fl-azure", true, "unknown");
        Set<String> edges = new TreeSet<>();
        for (LineageEdge e : g.edges()) edges.add(e.from() + " " + e.relation() + " " + e.source().json() + " " + e.to());
        assertThat(edges).contains(
                "azure://flsource/training/images/2026 storage stack datashare:dataset:fl-rg/fl-share-account/training-data/images",
                "azure://flsource/extra storage live datashare:dataset:fl-rg/fl-share-account/side-share/extra",
                "datashare:dataset:fl-rg/fl-share-account/side-share/extra in-share live " + side.id());
        assertThat(edges).noneMatch(e -> e.contains(" live ") && e.contains("training-data"));
    }
}
