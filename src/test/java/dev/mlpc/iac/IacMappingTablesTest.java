package dev.mlpc.iac;

import dev.mlpc.core.spec.PropertySpec;
import dev.mlpc.core.spec.ResourceType;
import dev.mlpc.providers.datashare.DataShareTypes;
import dev.mlpc.providers.postgres.PostgresTypes;
import dev.mlpc.providers.sagemaker.SageMakerTypes;
import dev.mlpc.providers.snowflake.SnowflakeTypes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mapping tables cover the four providers' types: every type has a {@link TypeMap}, and every property of every
 * type is consumed by a rule (translated, or listed as having no equivalent on purpose). A property added to a
 * {@code *Types} class without a rule fails here (and would otherwise be reported as "no equivalent" in exports).
 */
class IacMappingTablesTest {
    @Test
    void everyTypeAndEveryPropertyHasARule() {
        List<String> missing = new ArrayList<>();
        List<ResourceType> all = Stream.of(SnowflakeTypes.all(), SageMakerTypes.all(), DataShareTypes.all(),
                PostgresTypes.all()).flatMap(List::stream).toList();
        assertThat(all).hasSizeGreaterThan(25);
        for (ResourceType t : all) {
            TypeMap m = IacExporter.map(t.type()).orElse(null);
            if (m == null) {
                missing.add(t.type() + ": no mapping");
                continue;
            }
            for (PropertySpec p : t.properties()) {
                if (!m.consumes(p.name())) missing.add(t.type() + "." + p.name());
            }
        }
        assertThat(missing).isEmpty();
        assertThat(IacExporter.supportedTypes()).hasSize(all.size());
    }
}
