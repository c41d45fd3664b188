package dev.mlpc.cli;

import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.mlpc.testing.PgTestSupport.q;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14 (weak spots): {@code mlpc registry init} installs as the owner role, the way the PostgreSQL wizard does
 * ({@link dev.mlpc.app.RegistryInstall}): the role named with {@code --owner}, else the database's (or the schema's)
 * owner; the registry's tables are then owned by that role. Refusals are clear and exit 1. Real PostgreSQL.
 */
class RegistryInitOwnerCliTest {
    private static final String SCHEMA = "model_registry";
    @TempDir Path tmp;
    private Path home;
    private final PgTestSupport pg = new PgTestSupport();

    private CliRun mlpc(String... args) {
        return CliRun.in(home, args);
    }

    @BeforeEach
    void setUp() throws Exception {
        home = tmp.resolve("home");
        Files.createDirectories(home);
    }

    @AfterEach
    void tearDown() throws Exception {
        pg.close();
    }

    private void connections(String user) throws Exception {
        Files.writeString(home.resolve("connections.yaml"), "connections:\n  local: {type: postgres, url: \""
                + PgTestSupport.url() + "\", user: " + user + "}\n");
    }

    private static List<String> owners(String db) throws Exception {
        return PgTestSupport.column(db, "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = ?", SCHEMA);
    }

    @Test
    void withoutOwnerTheDatabasesOwnerOwnsTheRegistryAndOwnerNamesAnother() throws Exception {
        connections(PgTestSupport.user());
        String owner = pg.role("mlpc_rio_owner");
        String other = pg.role("mlpc_rio_other");
        String db = pg.database("mlpc_rio_db");
        String db2 = pg.database("mlpc_rio_db2");
        PgTestSupport.exec("CREATE ROLE " + q(owner), "CREATE ROLE " + q(other),
                "CREATE DATABASE " + q(db) + " OWNER " + q(owner), "CREATE DATABASE " + q(db2));

        // as the wizard does: the database's owner (a NOLOGIN role) owns the tables, not the connection's user
        CliRun init = mlpc("registry", "init", "--connection", "local", "--database", db);
        assertThat(init.code()).as(init.err()).isZero();
        assertThat(init.out()).contains("installed at version 1 (1 migration run), owned by " + owner);
        assertThat(owners(db)).containsExactly(owner);
        assertThat(mlpc("registry", "init", "--connection", "local", "--database", db).out()).contains("nothing to do");
        // the registry is usable right after, through the connection's user
        CliRun models = mlpc("registry", "models", "--connection", "local", "--database", db);
        assertThat(models.code()).as(models.err()).isZero();

        // --owner names the role; the install runs as it, so it needs CREATE on the database
        CliRun denied = mlpc("registry", "init", "--connection", "local", "--database", db2, "--owner", other);
        assertThat(denied.code()).isEqualTo(1);
        assertThat(denied.err()).contains("permission denied for database " + db2).contains("it ran as owner role " + other);
        PgTestSupport.exec("GRANT CREATE ON DATABASE " + q(db2) + " TO " + q(other));
        CliRun named = mlpc("registry", "init", "--connection", "local", "--database", db2, "--owner", other);
        assertThat(named.code()).as(named.err()).isZero();
        assertThat(named.out()).contains("owned by " + other);
        assertThat(owners(db2)).containsExactly(other);

        // a role that does not exist: exit 1, a clear message, nothing installed
        String db3 = pg.database("mlpc_rio_db3");
        PgTestSupport.exec("CREATE DATABASE " + q(db3));
        CliRun missing = mlpc("registry", "init", "--connection", "local", "--database", db3, "--owner", "mlpc_no_such_role");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("owner role mlpc_no_such_role does not exist").doesNotContain("Exception");
        assertThat(owners(db3)).isEmpty();
    }

    @Test
    void aUserThatCannotActAsTheOwnerIsRefusedOrInstallsAsItselfWithANote() throws Exception {
        String user = pg.role("mlpc_rio_user");
        String owner = pg.role("mlpc_rio_owner");
        String db = pg.database("mlpc_rio_db");
        PgTestSupport.exec("CREATE ROLE " + q(user) + " LOGIN", "CREATE ROLE " + q(owner),
                "CREATE DATABASE " + q(db) + " OWNER " + q(owner), "GRANT CREATE ON DATABASE " + q(db) + " TO " + q(user));
        connections(user);

        CliRun refused = mlpc("registry", "init", "--connection", "local", "--database", db, "--owner", owner);
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("owner role " + owner + ": the connection's user " + user + " cannot act as it")
                .contains("GRANT " + owner + " TO " + user).doesNotContain("Exception");
        assertThat(owners(db)).isEmpty();

        CliRun fallback = mlpc("registry", "init", "--connection", "local", "--database", db);
        assertThat(fallback.code()).as(fallback.err()).isZero();
        assertThat(fallback.out()).contains("owned by " + user);
        assertThat(fallback.err()).contains("note: the database's owner " + owner + " was not used");
        assertThat(owners(db)).containsExactly(user);

        // once a member, --owner works for the next database
        String db2 = pg.database("mlpc_rio_db2");
        PgTestSupport.exec("GRANT " + q(owner) + " TO " + q(user), "CREATE DATABASE " + q(db2) + " OWNER " + q(owner));
        CliRun member = mlpc("registry", "init", "--connection", "local", "--database", db2);
        assertThat(member.code()).as(member.err()).isZero();
        assertThat(owners(db2)).containsExactly(owner);
    }
}
