package dev.mlpc.governance;

import dev.mlpc.core.spec.Resource;
import dev.mlpc.core.spec.Stack;
import dev.mlpc.lineage.LineageBuilder;
import dev.mlpc.lineage.LineageGraph;
import dev.mlpc.lineage.LineageInputs;
import dev.mlpc.lineage.LiveObjects;
import dev.mlpc.lineage.RegistryVersionLinks;
import dev.mlpc.registry.Lineage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rule {@code production-lineage-governed} over graphs the builder makes: a PostgreSQL table (no stack type) is
 * governed through the database or schema holding it when a stack manages that container on the same server; a
 * Snowflake table is a stack resource, so a managed schema does not govern an undeclared one. The canonical connection
 * of a server unifies table ids of two profiles.
 */
class ProductionLineagePostgresTest {
    private final Governance governance = Governance.standard();

    static RegistryVersionLinks version(int v, String kind, String uri) {
        return new RegistryVersionLinks("reg", "reg", "Churn", v, "Production", List.of(),
                List.of(new Lineage("input", kind, uri)));
    }

    List<Finding> findings(LineageInputs in) throws Exception {
        LineageGraph g = LineageBuilder.build(in);
        return governance.evaluate(new Estate(List.of(), g), governance.parse("governance.yaml", "")).stream()
                .filter(f -> f.rule().equals(CrossSystemRules.PRODUCTION_LINEAGE_GOVERNED)).toList();
    }

    @Test
    void aTableOfAManagedDatabaseIsGovernedOnlyOnItsServer() throws Exception {
        Stack data = new Stack("data", "", "pg", List.of(Resource.of("postgres.database", "ml", Map.of())), "stacks/data.yaml");
        // pg and pg-alias are one server (pg canonical); other is another server
        Map<String, String> same = LineageInputs.canonical(Map.of("pg", "h:5432", "pg-alias", "h:5432", "other", "x:5432"));
        assertThat(same).isEqualTo(Map.of("pg-alias", "pg"));
        List<Finding> found = findings(new LineageInputs(List.of(data), List.of(
                version(1, "postgres.table", "pg-alias/ml/public/t"),
                version(2, "postgres.table", "other/ml/public/t"),
                version(3, "postgres.table", "pg/other_db/public/t")), List.of(), same));
        assertThat(found).extracting(Finding::name).containsExactlyInAnyOrder("Churn v2", "Churn v3");
        assertThat(found).allSatisfy(f -> assertThat(f.message()).contains("(unknown link)"));
        LineageGraph g = LineageBuilder.build(new LineageInputs(List.of(data), List.of(
                version(1, "postgres.table", "pg-alias/ml/public/t")), List.of(), same));
        assertThat(g.node("postgres:table:pg/ml.public.t").orElseThrow().attribute("governed-in"))
                .isEqualTo("postgres.database ml");
    }

    @Test
    void theReasonNamesTheGoverningStackOfTheTablesThatPass() throws Exception {
        Stack data = new Stack("data", "", "pg", List.of(Resource.of("postgres.schema", "feat", Map.of("database", "ml"))),
                "stacks/data.yaml");
        RegistryVersionLinks v = new RegistryVersionLinks("reg", "reg", "Churn", 1, "Production", List.of(),
                List.of(new Lineage("input", "postgres.table", "pg/ml/feat/t"),
                        new Lineage("input", "postgres.table", "pg/ml/loose/t")));
        assertThat(findings(new LineageInputs(List.of(data), List.of(v), List.of()))).singleElement().satisfies(f ->
                assertThat(f.message()).contains("ml.loose.t (unknown link)")
                        .contains("; governed: ml.feat.t (governed by schema ml.feat of stack data)")
                        .doesNotContain("postgres:table:pg/ml.feat.t"));
    }

    @Test
    void liveAManagedSchemaTableMustExistAndAnUnmanagedLiveTableIsManagedByNoStack() throws Exception {
        Stack data = new Stack("data", "", "pg", List.of(Resource.of("postgres.schema", "feat", Map.of("database", "ml"))),
                "stacks/data.yaml");
        LiveObjects live = new LiveObjects("pg", List.of(
                new LiveObjects.LiveObject(Resource.of("postgres.table", "t", Map.of("database", "ml", "schema", "feat")),
                        null, "unknown", "databases/ml/schemas/feat/tables/t"),
                new LiveObjects.LiveObject(Resource.of("postgres.table", "t", Map.of("database", "ml", "schema", "loose")),
                        null, "unknown", "databases/ml/schemas/loose/tables/t")));
        List<Finding> found = findings(new LineageInputs(List.of(data), List.of(
                version(1, "postgres.table", "pg/ml/feat/t"),
                version(2, "postgres.table", "pg/ml/feat/gone"),
                version(3, "postgres.table", "pg/ml/loose/t")), List.of(live)));
        assertThat(found).extracting(Finding::name).containsExactlyInAnyOrder("Churn v2", "Churn v3");
        assertThat(found).filteredOn(f -> f.name().equals("Churn v2")).singleElement().satisfies(f -> assertThat(f.message())
                .contains("ml.feat.gone (unknown link: not found live in postgres.schema ml.feat of stack data)"));
        assertThat(found).filteredOn(f -> f.name().equals("Churn v3")).singleElement().satisfies(f -> assertThat(f.message())
                .contains("ml.loose.t (managed by no stack)"));
    }

    @Test
    void aSnowflakeTableIsNotGovernedByItsManagedSchemaOnlyByItsOwnDeclaration() throws Exception {
        Stack sf = new Stack("wh", "", "sf", List.of(Resource.of("snowflake.database", "ML", Map.of()),
                Resource.of("snowflake.schema", "FEAT", Map.of("database", "ML")),
                Resource.of("snowflake.table", "DECLARED", Map.of("database", "ML", "schema", "FEAT"))), "stacks/wh.yaml");
        List<Finding> found = findings(new LineageInputs(List.of(sf), List.of(
                version(1, "snowflake.table", "sf/ML/FEAT/DECLARED"),
                version(2, "snowflake.table", "sf/ML/FEAT/UNDECLARED")), List.of()));
        assertThat(found).extracting(Finding::name).containsExactly("Churn v2");
        assertThat(found.get(0).message()).contains("(unknown link)").doesNotContain("governed by");
    }
}
