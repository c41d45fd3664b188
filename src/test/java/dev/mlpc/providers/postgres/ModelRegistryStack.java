package dev.mlpc.providers.postgres;

import dev.mlpc.testing.PgTestSupport;

/** The model-registry backend stack (seed 003) with unique names, as YAML. */
final class ModelRegistryStack {
    final String owner;
    final String writer;
    final String reader;
    final String database;
    final String extension;
    int connectionLimit = 10;

    /** The first extension this server can install that a new database lacks; plpgsql when contrib is missing. */
    static String pickExtension() throws java.sql.SQLException {
        for (String e : new String[] {"pgcrypto", "citext", "uuid-ossp"}) {
            if (PgTestSupport.extensionAvailable(e)) return e;
        }
        return "plpgsql";
    }

    ModelRegistryStack(PgTestSupport pg, String extension) {
        this.owner = pg.role("mlreg_owner");
        this.writer = pg.role("mlreg_writer");
        this.reader = pg.role("mlreg_reader");
        this.database = pg.database("mlreg");
        this.extension = extension;
    }

    String yaml() {
        return """
                stack: model-registry
                description: backend of the ML model registry
                resources:
                  - type: postgres.role
                    name: %1$s
                    login: true
                    password: ${env:MLREG_OWNER_PW}
                    connection_limit: 20
                    comment: owns the model registry
                  - type: postgres.role
                    name: %2$s
                    login: true
                    inherit: true
                    member_of: [%3$s]
                  - type: postgres.role
                    name: %3$s
                    login: false
                    createdb: false
                    createrole: false
                  - type: postgres.database
                    name: %4$s
                    owner: %1$s
                    encoding: UTF8
                    lc_collate: C
                    lc_ctype: C
                    template: template0
                    connection_limit: %6$d
                    comment: ML model registry
                  - type: postgres.schema
                    name: registry
                    database: %4$s
                    owner: %1$s
                    comment: registered models, versions, stages
                  - type: postgres.extension
                    name: %5$s
                    database: %4$s
                %7$s  - type: postgres.grant
                    name: reader-connect
                    role: %3$s
                    on: database
                    database: %4$s
                    privileges: [CONNECT]
                  - type: postgres.grant
                    name: writer-connect
                    role: %2$s
                    on: database
                    database: %4$s
                    privileges: [CONNECT, TEMPORARY]
                  - type: postgres.grant
                    name: reader-usage
                    role: %3$s
                    on: schema
                    database: %4$s
                    schema: registry
                    privileges: [USAGE]
                  - type: postgres.grant
                    name: writer-usage
                    role: %2$s
                    on: schema
                    database: %4$s
                    schema: registry
                    privileges: [usage, create]
                  - type: postgres.grant
                    name: reader-tables
                    role: %3$s
                    on: all_tables
                    database: %4$s
                    schema: registry
                    privileges: [SELECT]
                  - type: postgres.grant
                    name: writer-tables
                    role: %2$s
                    on: all_tables
                    database: %4$s
                    schema: registry
                    privileges: [SELECT, INSERT, UPDATE, DELETE]
                  - type: postgres.grant
                    name: reader-future-tables
                    role: %3$s
                    on: default_privileges
                    for_role: %1$s
                    database: %4$s
                    schema: registry
                    privileges: [SELECT]
                  - type: postgres.grant
                    name: writer-future-tables
                    role: %2$s
                    on: default_privileges
                    for_role: %1$s
                    database: %4$s
                    schema: registry
                    object_type: tables
                    privileges: [SELECT, INSERT, UPDATE, DELETE]
                  - type: postgres.grant
                    name: writer-future-sequences
                    role: %2$s
                    on: default_privileges
                    for_role: %1$s
                    database: %4$s
                    schema: registry
                    object_type: sequences
                    privileges: [USAGE, SELECT]
                """.formatted(owner, writer, reader, database, extension, connectionLimit,
                // plpgsql (the fallback when contrib is missing) lives in pg_catalog and cannot move
                extension.equals("plpgsql") ? "" : "    schema: registry\n");
    }
}
