package dev.mlpc.registry;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The role a registry install runs as ({@link Migrations#asRole}), chosen the way the PostgreSQL wizard does it: the
 * registry's tables belong to the role that owns the place they go, so that role's default privileges
 * ({@code ALTER DEFAULT PRIVILEGES FOR ROLE owner}) give the writer and reader their access.
 * <ul>
 *   <li>A role the user names: it must exist and the connection's user must be allowed to {@code SET ROLE} to it
 *       (a superuser, or a member of it); otherwise the install is refused with a message saying so.</li>
 *   <li>None named: the owner of the registry's schema when it exists (not {@code pg_database_owner}), else the owner
 *       of the database; that is the wizard's owner role for a wizard-made backend. When the connection's user does not
 *       hold that role's privileges (a superuser, or a member that inherits them), the install runs as the
 *       connection's user and the note says why.</li>
 * </ul>
 *
 * @param role  the role to {@code SET ROLE} to, or null: the connection's own user
 * @param owner who will own the registry's tables (the role, or the connection's user)
 * @param note  why the default was not used, or ""
 */
public record RegistryOwner(String role, String owner, String note) {
    private static final String PLACE = """
            SELECT current_user::text,
                   (SELECT pg_get_userbyid(n.nspowner)::text FROM pg_namespace n WHERE n.nspname = ?),
                   (SELECT pg_get_userbyid(d.datdba)::text FROM pg_database d WHERE d.datname = current_database())""";

    private static final String CAN = """
            SELECT pg_has_role(current_user, r.oid, 'MEMBER'), pg_has_role(current_user, r.oid, 'USAGE')
            FROM pg_roles r WHERE r.rolname = ?""";

    /**
     * @param schema the registry's schema
     * @param named  the role the user named, or null / blank for the default
     */
    public static RegistryOwner resolve(DataSource dataSource, String schema, String named) throws RegistryException {
        try (Connection c = dataSource.getConnection()) {
            String user;
            String schemaOwner;
            String databaseOwner;
            try (PreparedStatement ps = c.prepareStatement(PLACE)) {
                ps.setString(1, schema);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    user = rs.getString(1);
                    schemaOwner = rs.getString(2);
                    databaseOwner = rs.getString(3);
                }
            }
            if (named != null && !named.isBlank()) {
                if (named.equals(user)) return new RegistryOwner(null, user, "");
                boolean[] can = can(c, named);
                if (can == null) throw new RegistryException("owner role " + named + " does not exist");
                if (!can[0]) {
                    throw new RegistryException("owner role " + named + ": the connection's user " + user
                            + " cannot act as it (SET ROLE needs a superuser or a member of " + named + "): run GRANT "
                            + named + " TO " + user + ", or name another owner");
                }
                return new RegistryOwner(named, named, "");
            }
            boolean bySchema = schemaOwner != null && !schemaOwner.equals("pg_database_owner");
            String wanted = bySchema ? schemaOwner : databaseOwner;
            if (wanted == null || wanted.equals(user)) return new RegistryOwner(null, user, "");
            boolean[] can = can(c, wanted);
            if (can != null && can[1]) return new RegistryOwner(wanted, wanted, "");
            return new RegistryOwner(null, user, (bySchema ? "the schema's" : "the database's") + " owner " + wanted
                    + " was not used: " + user + " does not hold its privileges (name an owner role to choose another)");
        } catch (SQLException e) {
            throw new RegistryException("registry schema " + schema + ": cannot tell who should own it: " + ModelRegistry.describe(e), e);
        }
    }

    /** {MEMBER, USAGE} of the connection's user in {@code role}, or null when the role does not exist. */
    private static boolean[] can(Connection c, String role) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CAN)) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new boolean[] {rs.getBoolean(1), rs.getBoolean(2)} : null;
            }
        }
    }
}
