package dev.mlpc.iac;

import dev.mlpc.core.spec.Resource;

import java.util.List;
import java.util.Locale;

import static dev.mlpc.providers.postgres.PostgresTypes.DATABASE;
import static dev.mlpc.providers.postgres.PostgresTypes.EXTENSION;
import static dev.mlpc.providers.postgres.PostgresTypes.GRANT;
import static dev.mlpc.providers.postgres.PostgresTypes.ROLE;
import static dev.mlpc.providers.postgres.PostgresTypes.SCHEMA;

/**
 * PostgreSQL: {@code pulumi_postgresql} and the cyrilgdn {@code postgresql} Terraform provider (same argument names):
 * Role, Database, Schema, Extension, Grant, DefaultPrivileges. A role's password becomes a secret input. Neither
 * provider keeps COMMENT ON: comments are listed as having no equivalent.
 */
final class PostgresIac {
    private static final String M = "pulumi_postgresql";
    private static final String A = "postgresql";

    private PostgresIac() { }

    static List<TypeMap> maps() {
        return List.of(
                TypeMap.fixed(ROLE, M, A, "Role", "postgresql_role").name("name")
                        .same("login", "inherit").arg("createdb", "create_database").arg("createrole", "create_role")
                        .same("connection_limit").secret("password", "password")
                        .ref("member_of", "roles", "name", ROLE).none("comment"),
                TypeMap.fixed(DATABASE, M, A, "Database", "postgresql_database").name("name")
                        .ref("owner", "owner", "name", ROLE)
                        .same("encoding", "lc_collate", "lc_ctype", "template", "connection_limit").none("comment"),
                TypeMap.fixed(SCHEMA, M, A, "Schema", "postgresql_schema").name("name")
                        .ref("database", "database", "name", DATABASE).ref("owner", "owner", "name", ROLE).none("comment"),
                TypeMap.fixed(EXTENSION, M, A, "Extension", "postgresql_extension").name("name")
                        .ref("database", "database", "name", DATABASE).ref("schema", "schema", "name", SCHEMA).same("version"),
                new TypeMap(GRANT, c -> r -> "default_privileges".equalsIgnoreCase(r.string("on"))
                        ? TypeMap.Target.of(M, A, "DefaultPrivileges", "postgresql_default_privileges")
                        : TypeMap.Target.of(M, A, "Grant", "postgresql_grant"))
                        .rule(PostgresIac::grant, "role", "on", "database", "schema", "object_type", "for_role", "privileges"));
    }

    private static void grant(Resource r, IacContext c, IacResource out) {
        String on = String.valueOf(r.string("on")).toLowerCase(Locale.ROOT);
        out.arg("role", c.ref(r.string("role"), "name", ROLE));
        out.arg("database", c.ref(r.string("database"), "name", DATABASE));
        if (r.has("schema")) out.arg("schema", c.ref(r.string("schema"), "name", SCHEMA));
        switch (on) {
            case "default_privileges" -> {
                out.arg("owner", c.ref(r.string("for_role"), "name", ROLE));
                String t = r.has("object_type") ? r.string("object_type").toLowerCase(Locale.ROOT) : "tables";
                out.arg("object_type", t.endsWith("s") ? t.substring(0, t.length() - 1) : t);
            }
            case "all_tables" -> out.arg("object_type", "table");
            default -> out.arg("object_type", on);
        }
        out.arg("privileges", r.list("privileges").stream().map(p -> String.valueOf(p).toUpperCase(Locale.ROOT)).sorted().toList());
    }
}
