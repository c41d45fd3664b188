package dev.mlpc.app;

import dev.mlpc.core.provider.ProviderException;
import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.Stack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The provider of a stack: its resources' provider; never a silent fallback to PostgreSQL. */
class WorkbenchProviderTest {
    @TempDir Path tmp;

    Workbench wb() {
        return new Workbench(new AppHome(tmp), Workbench.standardProviders(), Map.of(), Workbench.DEFAULT_TIMEOUT);
    }

    @Test
    void aStackIsPlannedWithItsResourcesProvider() throws Exception {
        Stack sf = wb().parseStack("s.yaml", "stack: s\nresources:\n  - {type: snowflake.database, name: ML_DB}\n");
        assertThat(wb().providerFor(sf).id()).isEqualTo("snowflake");
        assertThat(wb().offlinePlan(sf).provider()).isEqualTo("snowflake");
        assertThat(wb().generatedFiles(sf)).containsOnlyKeys("generated/snowflake/s.sql");
    }

    @Test
    void anEmptyStackIsAnErrorNamingIt() throws Exception {
        Stack empty = wb().parseStack("e.yaml", "stack: empty-one\nresources: []\n");
        assertThatThrownBy(() -> wb().providerFor(empty)).isInstanceOf(ProviderException.class)
                .hasMessage("stack empty-one has no resources; nothing to plan");
        assertThatThrownBy(() -> wb().offlinePlan(empty)).isInstanceOf(ProviderException.class)
                .hasMessageContaining("nothing to plan");
        assertThat(wb().generatedFiles(empty)).as("an empty stack renders no document").isEmpty();
    }

    @Test
    void anUnknownProviderIsAnErrorNotPostgres() {
        Stack odd = new Stack("odd", "", List.of(Resource.of("nosuch.thing", "x", Map.of())), "odd.yaml");
        assertThatThrownBy(() -> wb().providerFor(odd)).isInstanceOf(ProviderException.class)
                .hasMessageContaining("unknown provider type 'nosuch'");
    }
}
