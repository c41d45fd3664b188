package dev.mlpc.app;

import dev.mlpc.core.provider.ConnectionProfile;
import dev.mlpc.core.provider.Progress;
import dev.mlpc.lineage.LineageEdge;
import dev.mlpc.lineage.LineageFixture;
import dev.mlpc.lineage.LineageGraph;
import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workbench.lineageGraph: the stacks committed at head, the registry found behind a PostgreSQL connection (one holding
 * none is skipped quietly, one that cannot be reached is a warning), the same graph as the builder gives.
 */
class WorkbenchLineageTest {
    @TempDir Path tmp;
    LineageFixture fixture;

    @AfterEach
    void tearDown() throws Exception {
        if (fixture != null) fixture.close();
    }

    static Set<String> edges(LineageGraph g) {
        Set<String> out = new TreeSet<>();
        for (LineageEdge e : g.edges()) out.add(e.from() + " " + e.relation() + " " + e.source() + " " + e.to());
        return out;
    }

    @Test
    void stacksAtHeadAndEveryRegistryOfTheConnections() throws Exception {
        fixture = new LineageFixture();
        Workbench wb = new Workbench(new AppHome(tmp.resolve("home")), Workbench.standardProviders(), Map.of(),
                Duration.ofSeconds(10));
        for (String yaml : List.of(LineageFixture.SNOWFLAKE, LineageFixture.DS_PROVIDER, LineageFixture.DS_CONSUMER,
                LineageFixture.SAGEMAKER, LineageFixture.POSTGRES)) {
            DriftPostgresFixture.commit(wb, yaml);
        }
        Map<String, String> reg = new HashMap<>(PgTestSupport.profile("x").settings());
        reg.put("url", PgTestSupport.urlFor(fixture.database));
        Map<String, String> down = new HashMap<>(reg);
        down.put("url", "jdbc:postgresql://127.0.0.1:1/nowhere");
        wb.connections().save(List.of(new ConnectionProfile(LineageFixture.REGISTRY, "postgres", reg),
                new ConnectionProfile("plain-pg", "postgres", PgTestSupport.profile("plain-pg").settings()),
                new ConnectionProfile("pg-down", "postgres", down)));

        LineageService.Result r = wb.lineage(false, Progress.NONE);
        assertThat(edges(r.graph())).isEqualTo(edges(fixture.graph()));
        assertThat(r.graph().nodes()).hasSameSizeAs(fixture.graph().nodes());
        assertThat(r.warnings()).hasSize(1);
        assertThat(r.warnings().get(0)).startsWith("registry of pg-down: ");
        assertThat(wb.lineageGraph(false, null).edges()).hasSameSizeAs(r.graph().edges());
    }
}
