/**
 * The PostgreSQL provider: resource types ({@link dev.mlpc.providers.postgres.PostgresTypes}), SQL rendering
 * ({@link dev.mlpc.providers.postgres.PostgresRenderer}), quoting and name rules
 * ({@link dev.mlpc.providers.postgres.PgSql}), and a JDBC session that reads the inventory in bulk, applies plans and
 * lists the live tree ({@link dev.mlpc.providers.postgres.PostgresSession}).
 *
 * <h2>Where statements run</h2>
 * Roles, databases and grants on databases are cluster-wide: their statements run on the profile's connection in
 * autocommit mode ({@code CREATE DATABASE} cannot run inside a transaction). Schemas, extensions and grants on schemas
 * and tables live inside a database: their statements carry it as {@link dev.mlpc.core.plan.Statement#target()} and
 * run in one transaction per run of consecutive statements for that database.
 *
 * <h2>How live values are compared</h2>
 * <ul>
 *   <li>Encoding and locale names compare as the server normalises them ({@link dev.mlpc.providers.postgres.PgNames}:
 *       {@code UNICODE} = {@code utf-8} = {@code UTF8}, {@code POSIX} = {@code C}, {@code en_US.UTF-8} =
 *       {@code en_US.utf8}); a database's encoding and locales are compared with the live database, never with the
 *       committed stack.</li>
 *   <li>{@code template} and {@code password} are never compared: PostgreSQL keeps no template, and a password can only
 *       be set, not read.</li>
 *   <li>Grant privileges are those granted directly to the role (not through PUBLIC or membership). For
 *       {@code all_tables} they are the privileges the role holds on every table, view and materialized view of the
 *       schema; a schema without tables counts as holding the desired privileges.</li>
 * </ul>
 */
package dev.mlpc.providers.postgres;
