package dev.mlpc.registry;

import dev.mlpc.providers.postgres.PgSql;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs and upgrades the registry schema with Flyway (migrations in {@code resources/db/registry}) and checks that
 * an installed registry is one this console can use: present, not failed half-way, not newer than the console.
 */
public final class Migrations {
    /** The newest schema version this console knows (the highest {@code V<n>__} file). */
    public static final int LATEST = 1;
    static final String LOCATION = "classpath:db/registry";
    /** The registry's own history table: a schema can also hold another application's {@code flyway_schema_history}. */
    public static final String HISTORY = "mlpc_registry_history";

    private final DataSource dataSource;
    private final String schema;
    /** The role the migrations run as ({@code SET ROLE}), or null: the connection's own user. */
    private final String role;

    public Migrations(DataSource dataSource, String schema) throws RegistryException {
        this(dataSource, schema, null);
    }

    private Migrations(DataSource dataSource, String schema, String role) throws RegistryException {
        RegistryRules.require(RegistryRules.checkSchema(schema));
        this.dataSource = dataSource;
        this.schema = schema;
        this.role = role;
    }

    /**
     * The same migrations run as {@code role} ({@code SET ROLE} on every connection Flyway opens): the registry's
     * tables, sequences and history table are then owned by that role, so a schema owner's default privileges
     * ({@code ALTER DEFAULT PRIVILEGES FOR ROLE owner}) reach them. The connection's user must be allowed to
     * {@code SET ROLE} to it (a superuser, or a member of the role). Null or blank: the connection's own user.
     */
    public Migrations asRole(String role) throws RegistryException {
        return new Migrations(dataSource, schema, role == null || role.isBlank() ? null : role);
    }

    /** The result of {@link #migrate()}: how many migrations ran and the schema version afterwards. */
    public record Result(int executed, int version) { }

    private Flyway flyway() {
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .table(HISTORY)
                .locations(LOCATION)
                .cleanDisabled(true)
                // a schema that already holds other objects (the wizard's schema with an extension in it) gets the
                // registry beside them: baseline at 0, then V1 runs; a clash with an existing name fails V1 as a whole
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .validateMigrationNaming(true)
                .initSql(role == null ? null : "SET ROLE " + PgSql.ident(role))
                .load();
    }

    /** Installs the registry or brings it up to {@link #LATEST}; a registry already there is left as it is. */
    public Result migrate() throws RegistryException {
        installed(); // refuses a schema newer than this console or a failed migration before Flyway touches anything
        try {
            MigrateResult r = flyway().migrate();
            return new Result(r.migrationsExecuted, installed());
        } catch (FlywayException e) {
            throw new RegistryException("registry schema " + schema + ": the migration failed: " + cause(e)
                    + " (the registry's tables were rolled back)", e);
        }
    }

    /** Every migration known here or recorded in the schema, with its state. */
    public List<MigrationInfo> history() throws RegistryException {
        try {
            MigrationInfoService info = flyway().info();
            List<MigrationInfo> out = new ArrayList<>();
            for (org.flywaydb.core.api.MigrationInfo m : info.all()) {
                out.add(new MigrationInfo(m.getVersion() == null ? "" : m.getVersion().getVersion(), m.getDescription(),
                        m.getState().getDisplayName(),
                        m.getInstalledOn() == null ? null : m.getInstalledOn().toInstant(),
                        m.getInstalledBy(), m.getExecutionTime()));
            }
            return out;
        } catch (FlywayException e) {
            throw new RegistryException("registry schema " + schema + ": cannot read the migration history: " + firstLine(e), e);
        }
    }

    /**
     * The installed schema version, 0 when nothing is installed. Refuses (with a message saying what to do) a history
     * with a failed migration or a version newer than {@link #LATEST}.
     */
    public int installed() throws RegistryException {
        String sql = "SELECT version, success FROM " + PgSql.ident(schema) + "." + PgSql.ident(HISTORY)
                + " WHERE version IS NOT NULL ORDER BY installed_rank";
        try (Connection c = dataSource.getConnection()) {
            if (!historyExists(c)) return 0;
            int newest = 0;
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int v = versionNumber(rs.getString(1));
                    if (!rs.getBoolean(2)) {
                        throw new RegistryException("registry schema " + schema + ": migration " + rs.getString(1)
                                + " failed earlier and left the schema half-changed; repair it by hand, then delete its"
                                + " row from " + schema + "." + HISTORY);
                    }
                    newest = Math.max(newest, v);
                }
            }
            if (newest > LATEST) {
                throw new RegistryException("registry schema " + schema + " is at version " + newest
                        + ", newer than this console, which knows up to version " + LATEST + ": upgrade mlpc");
            }
            return newest;
        } catch (SQLException e) {
            throw new RegistryException("registry schema " + schema + ": " + ModelRegistry.describe(e), e);
        }
    }

    /** Throws unless the registry is installed at {@link #LATEST}. */
    public void requireCurrent(String initHint) throws RegistryException {
        int v = installed();
        if (v == 0) {
            throw new RegistryException("there is no model registry in schema " + schema + ": install it with " + initHint);
        }
        if (v < LATEST) {
            throw new RegistryException("the model registry in schema " + schema + " is at version " + v
                    + "; this console needs version " + LATEST + ": upgrade it with " + initHint);
        }
    }

    private boolean historyExists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM pg_catalog.pg_class t JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace"
                        + " WHERE n.nspname = ? AND t.relname = ?")) {
            ps.setString(1, schema);
            ps.setString(2, HISTORY);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static int versionNumber(String v) {
        String major = v.contains(".") ? v.substring(0, v.indexOf('.')) : v;
        try {
            return Integer.parseInt(major.trim());
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE; // a version this console cannot even read is newer than it
        }
    }

    /** The database's own reason when there is one (e.g. a name that exists already), else Flyway's first line. */
    private static String cause(FlywayException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) return ModelRegistry.describe(sql);
        }
        return firstLine(e);
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().map(String::trim).filter(l -> !l.isEmpty()).findFirst().orElse(m);
    }
}
