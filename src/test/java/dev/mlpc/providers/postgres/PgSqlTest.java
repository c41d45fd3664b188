package dev.mlpc.providers.postgres;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one quoting function per kind, and the identifier rule. */
class PgSqlTest {
    @Test
    void identifiersAreAlwaysQuotedWithQuotesDoubled() {
        assertThat(PgSql.ident("plain")).isEqualTo("\"plain\"");
        assertThat(PgSql.ident("MixedCase")).isEqualTo("\"MixedCase\"");
        assertThat(PgSql.ident("Robert\"; DROP TABLE x; --")).isEqualTo("\"Robert\"\"; DROP TABLE x; --\"");
        assertThat(PgSql.ident("$$")).isEqualTo("\"$$\"");
        assertThat(PgSql.ident("modèle_ü")).isEqualTo("\"modèle_ü\"");
        assertThatThrownBy(() -> PgSql.ident("a\0b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PgSql.ident("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void literalsDoubleSingleQuotesAndEscapeBackslashesExplicitly() {
        assertThat(PgSql.literal("it's")).isEqualTo("'it''s'");
        assertThat(PgSql.literal("'; DROP DATABASE postgres; --")).isEqualTo("'''; DROP DATABASE postgres; --'");
        assertThat(PgSql.literal("a\\'b")).isEqualTo("E'a\\\\''b'");
        assertThat(PgSql.literal("$$x$$")).isEqualTo("'$$x$$'");
        assertThatThrownBy(() -> PgSql.literal("a\0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUL");
    }

    @Test
    void identifierRule() {
        assertThat(PgSql.checkIdentifier("mlreg_owner")).isNull();
        assertThat(PgSql.checkIdentifier("Robert\"; DROP TABLE x; --")).isNull();
        assertThat(PgSql.checkIdentifier("modèle_ü")).isNull();
        assertThat(PgSql.checkIdentifier("$$")).isNull();
        assertThat(PgSql.checkIdentifier("a".repeat(63))).isNull();
        assertThat(PgSql.checkIdentifier("a".repeat(70))).isEqualTo("is 70 bytes; PostgreSQL names are at most 63 bytes");
        assertThat(PgSql.checkIdentifier("é".repeat(32))).isEqualTo("is 64 bytes; PostgreSQL names are at most 63 bytes");
        assertThat(PgSql.checkIdentifier("")).isEqualTo("must not be empty");
        assertThat(PgSql.checkIdentifier("a\0b")).contains("NUL");
        assertThat(PgSql.checkIdentifier("a\nb")).contains("control character (U+000A)");
        assertThat(PgSql.checkIdentifier("select")).isEqualTo("'select' is a reserved word in PostgreSQL; choose another name");
        assertThat(PgSql.checkIdentifier("Table")).contains("reserved word");
        assertThat(PgSql.checkIdentifier("user")).contains("reserved word");
        assertThat(PgSql.checkIdentifier("users")).isNull();
    }

    @Test
    void urlsKeepTheServerAndSwapTheDatabase() {
        PgUrl u = PgUrl.parse("jdbc:postgresql://db.example:6543/postgres?sslmode=require");
        assertThat(u.hostPort()).isEqualTo("db.example:6543");
        assertThat(u.withDatabase("modèle \"x\"/y").jdbc())
                .isEqualTo("jdbc:postgresql://db.example:6543/mod%C3%A8le+%22x%22%2Fy?sslmode=require");
        assertThat(PgUrl.parse("jdbc:postgresql://localhost/x").hostPort()).isEqualTo("localhost:5432");
        assertThat(PgUrl.parse("jdbc:mysql://h/x")).isNull();
    }
}
