package dev.mlpc.providers.snowflake;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one identifier rule, the one literal function and the name checker of the Snowflake dialect. */
class SfSqlTest {

    @Test
    void plainNamesAreWrittenBareInUpperCaseAsSnowflakeStoresThem() {
        assertThat(SfSql.ident("ml_db")).isEqualTo("ML_DB");
        assertThat(SfSql.ident("ML_DB")).isEqualTo("ML_DB");
        assertThat(SfSql.ident("_x$1")).isEqualTo("_X$1");
        assertThat(SfSql.stored("MlDb")).isEqualTo("MLDB");
        assertThat(SfSql.isPlain("ml_db")).isTrue();
    }

    @Test
    void everyOtherNameIsQuotedExactlyWithEmbeddedQuotesDoubled() {
        assertThat(SfSql.ident("My Table")).isEqualTo("\"My Table\"");
        assertThat(SfSql.ident("1st")).isEqualTo("\"1st\"");
        assertThat(SfSql.ident("we\"ird")).isEqualTo("\"we\"\"ird\"");
        assertThat(SfSql.ident("a;b")).isEqualTo("\"a;b\"");
        assertThat(SfSql.ident("$$x$$")).isEqualTo("\"$$x$$\"");
        // $$ opens a dollar-quoted string: never bare, so the name keeps its case
        assertThat(SfSql.ident("si$$")).isEqualTo("\"si$$\"");
        assertThat(SfSql.ident("si$1")).isEqualTo("SI$1");
        assertThat(SfSql.ident("modèle_ü")).isEqualTo("\"modèle_ü\"");
        assertThat(SfSql.ident("x'y")).isEqualTo("\"x'y\"");
        assertThat(SfSql.stored("My Table")).isEqualTo("My Table");
        // a reserved word that reaches ident anyway stays the name Snowflake would store for it
        assertThat(SfSql.ident("select")).isEqualTo("\"SELECT\"");
        assertThat(SfSql.qualified("ml_db", "Raw Data", "t\"1")).isEqualTo("ML_DB.\"Raw Data\".\"t\"\"1\"");
        assertThatThrownBy(() -> SfSql.ident("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SfSql.ident("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void literalsDoubleQuotesEscapeBackslashesAndStayOnOneLine() {
        assertThat(SfSql.literal("it's")).isEqualTo("'it''s'");
        assertThat(SfSql.literal("C:\\path\\n")).isEqualTo("'C:\\\\path\\\\n'");
        assertThat(SfSql.literal("a\nb\tc\r")).isEqualTo("'a\\nb\\tc\\r'");
        assertThat(SfSql.literal("$$ '; DROP DATABASE x; --")).isEqualTo("'$$ ''; DROP DATABASE x; --'");
        assertThat(SfSql.literal("\\'")).isEqualTo("'\\\\'''");
        assertThat(SfSql.literalList(List.of("s3://a/", "it's"))).isEqualTo("('s3://a/', 'it''s')");
        assertThatThrownBy(() -> SfSql.literal("a\0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesAreCheckedForLengthControlCharactersSpacesAndReservedWords() {
        assertThat(SfSql.checkIdentifier("ML_DB")).isNull();
        assertThat(SfSql.checkIdentifier("we\"ird; DROP")).isNull();
        assertThat(SfSql.checkIdentifier("é".repeat(255))).isNull();
        assertThat(SfSql.checkIdentifier("é".repeat(256))).isEqualTo("is 256 characters; Snowflake names are at most 255");
        assertThat(SfSql.checkIdentifier("select")).isEqualTo("'select' is a reserved word in Snowflake; choose another name");
        assertThat(SfSql.checkIdentifier("Table")).contains("reserved word");
        assertThat(SfSql.checkIdentifier("\"select\"")).isNull();
        assertThat(SfSql.checkIdentifier("a\nb")).contains("control character (U+000A)");
        assertThat(SfSql.checkIdentifier("a\0b")).contains("NUL");
        assertThat(SfSql.checkIdentifier(" x")).isEqualTo("starts or ends with white space");
        assertThat(SfSql.checkIdentifier("")).isEqualTo("must not be empty");
        assertThat(SfSql.RESERVED).contains("QUALIFY", "ILIKE", "MINUS", "TRY_CAST", "ACCOUNT", "SCHEMA");
    }
}
