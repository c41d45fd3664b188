package dev.mlpc.registry;

import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry schema installed by Flyway on the real PostgreSQL: from empty, re-run, missing, newer, failed. */
class MigrationsTest {
    @Test
    void installsFromEmptyAndReRunningChangesNothing() throws Exception {
        try (RegistryFixture f = RegistryFixture.open("ml registry", false, 2)) {
            Migrations m = f.registry.migrations();
            assertThat(m.installed()).isZero();

            Migrations.Result first = m.migrate();
            assertThat(first.executed()).isEqualTo(1);
            assertThat(first.version()).isEqualTo(Migrations.LATEST);
            assertThat(f.column("SELECT table_name FROM information_schema.tables WHERE table_schema = 'ml registry'"
                    + " ORDER BY 1")).contains("registered_models", "model_versions", "model_aliases", "model_tags",
                    "version_lineage", "version_metrics", "registry_events", "mlpc_registry_history");
            String tables = String.join(",", f.column("SELECT count(*) FROM pg_class c JOIN pg_namespace n"
                    + " ON n.oid = c.relnamespace WHERE n.nspname = 'ml registry'"));

            Migrations.Result again = m.migrate();
            assertThat(again.executed()).isZero();
            assertThat(again.version()).isEqualTo(Migrations.LATEST);
            assertThat(String.join(",", f.column("SELECT count(*) FROM pg_class c JOIN pg_namespace n"
                    + " ON n.oid = c.relnamespace WHERE n.nspname = 'ml registry'"))).isEqualTo(tables);
            assertThat(m.history()).anySatisfy(h -> {
                assertThat(h.version()).isEqualTo("1");
                assertThat(h.state()).isEqualTo("Success");
                assertThat(h.installedBy()).isNotBlank();
            });
            m.requireCurrent("mlpc registry init");
        }
    }

    @Test
    void installsBesideObjectsTheSchemaAlreadyHoldsAndLeavesThemAlone() throws Exception {
        try (RegistryFixture f = RegistryFixture.open("shared_schema", false, 2)) {
            PgTestSupport.execIn(f.database, "CREATE SCHEMA shared_schema",
                    "CREATE TABLE shared_schema.feature_store (id int PRIMARY KEY)",
                    "INSERT INTO shared_schema.feature_store VALUES (1), (2)");
            Migrations.Result r = f.registry.migrations().migrate();
            assertThat(r.version()).isEqualTo(1);
            assertThat(f.column("SELECT count(*) FROM shared_schema.feature_store")).containsExactly("2");
            assertThat(f.registry.register(Registration.of("churn", "s3://b/1")).version()).isEqualTo(1);
            assertThat(f.registry.migrations().migrate().executed()).isZero();
        }
    }

    @Test
    void anotherApplicationsFlywayHistoryInTheSchemaIsNotTakenForTheRegistrys() throws Exception {
        try (RegistryFixture f = RegistryFixture.open("app", false, 2)) {
            PgTestSupport.execIn(f.database, "CREATE SCHEMA app",
                    "CREATE TABLE app.flyway_schema_history (installed_rank int PRIMARY KEY, version text, success boolean)",
                    "INSERT INTO app.flyway_schema_history VALUES (1, '7', true)");
            assertThat(f.registry.migrations().installed()).isZero();
            assertThat(f.registry.migrations().migrate().version()).isEqualTo(1);
            assertThat(f.column("SELECT count(*) FROM app.flyway_schema_history")).containsExactly("1");
        }
    }

    @Test
    void aNameClashFailsTheWholeMigrationAndLeavesNothingHalfDone() throws Exception {
        try (RegistryFixture f = RegistryFixture.open("clash", false, 2)) {
            PgTestSupport.execIn(f.database, "CREATE SCHEMA clash", "CREATE TABLE clash.model_aliases (x int)");
            assertThatThrownBy(() -> f.registry.migrations().migrate())
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("registry schema clash: the migration failed: relation \"model_aliases\" already exists");
            assertThat(f.column("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'clash'"
                    + " AND table_name = 'registered_models'")).containsExactly("0");
        }
    }

    @Test
    void aMissingRegistryIsNamedWithTheCommandThatInstallsIt() throws Exception {
        try (RegistryFixture f = RegistryFixture.open("not_there", false, 2)) {
            assertThatThrownBy(() -> f.registry.migrations().requireCurrent("mlpc registry init --connection x"))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("no model registry in schema not_there")
                    .hasMessageContaining("mlpc registry init --connection x");
            assertThatThrownBy(() -> f.registry.model("churn"))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("no model registry in schema not_there");
        }
    }

    @Test
    void aRegistryNewerThanTheConsoleIsRefusedAndLeftAlone() throws Exception {
        try (RegistryFixture f = RegistryFixture.open()) {
            PgTestSupport.execIn(f.database, "INSERT INTO model_registry.mlpc_registry_history (installed_rank, version,"
                    + " description, type, script, checksum, installed_by, execution_time, success)"
                    + " VALUES (99, '2', 'from the future', 'SQL', 'V2__future.sql', 0, 'someone', 1, true)");
            Migrations m = f.registry.migrations();
            assertThatThrownBy(() -> m.requireCurrent("x"))
                    .hasMessageContaining("version 2, newer than this console, which knows up to version 1: upgrade mlpc");
            assertThatThrownBy(m::migrate).hasMessageContaining("newer than this console");
            assertThat(f.column("SELECT count(*) FROM model_registry.mlpc_registry_history WHERE version IS NOT NULL")).containsExactly("2");
        }
    }

    @Test
    void aFailedMigrationIsReportedInsteadOfRunningOnTopOfIt() throws Exception {
        try (RegistryFixture f = RegistryFixture.open()) {
            PgTestSupport.execIn(f.database, "UPDATE model_registry.mlpc_registry_history SET success = false WHERE version = '1'");
            assertThatThrownBy(() -> f.registry.migrations().migrate())
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("migration 1 failed earlier");
        }
    }

    @Test
    void aSchemaNameThatIsNoIdentifierIsRefusedBeforeAnyConnection() {
        assertThatThrownBy(() -> new ModelRegistry(null, "select", "me", null))
                .isInstanceOf(RegistryException.class).hasMessageContaining("schema: 'select' is a reserved word");
        assertThatThrownBy(() -> new ModelRegistry(null, "x".repeat(64), "me", null))
                .hasMessageContaining("schema: is 64 bytes");
    }
}
