package dev.mlpc.providers.postgres;

import dev.mlpc.testing.PgTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.mlpc.testing.PgTestSupport.column;
import static dev.mlpc.testing.PgTestSupport.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@link PgNames}' tables and rules, checked against what the running server does with the same names. */
class PgNamesTest {
    private final PgTestSupport pg = new PgTestSupport();

    @AfterEach
    void cleanUp() throws Exception {
        pg.close();
    }

    /** {@code pg_encoding_to_char(pg_char_to_encoding(name))}: the server's own normaliser ("" when it does not know it). */
    private static Map<String, String> serverNames(List<String> names) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = PgTestSupport.connect();
             PreparedStatement ps = c.prepareStatement("SELECT pg_encoding_to_char(pg_char_to_encoding(?))")) {
            for (String n : names) {
                ps.setString(1, n);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    out.put(n, rs.getString(1));
                }
            }
        }
        return out;
    }

    @Test
    void everyEncodingNameMeansWhatItMeansToTheServer() throws SQLException {
        List<String> names = new ArrayList<>(PgNames.encodingAliases().keySet());
        // and spellings with case and punctuation, as people write them
        names.addAll(List.of("UNICODE", "utf-8", "UTF_8", "ISO-8859-1", "iso_8859_15", "Latin-1", "WIN-1252",
                "Windows-1251", "KOI8-R", "Shift_JIS", "SQL_ASCII", "EUC-JP", "MULE_INTERNAL"));
        Map<String, String> server = serverNames(names);
        for (String n : names) {
            assertThat(PgNames.encoding(n)).as(n).isEqualTo(server.get(n));
        }
        // names the server does not know are unknown here too
        List<String> unknown = List.of("UTF16", "UTF-32", "ascii", "us-ascii", "latin11", "iso885911", "cp1252",
                "win1259", "utf", "", "ucs2", "binary");
        Map<String, String> none = serverNames(unknown);
        for (String n : unknown) {
            assertThat(none.get(n)).as(n).isEmpty();
            assertThat(PgNames.encoding(n)).as(n).isNull();
            assertThat(PgNames.checkServerEncoding(n)).as(n).contains("is not an encoding PostgreSQL knows");
        }
        assertThat(PgNames.officialEncodings()).hasSize(PgNames.SERVER_ENCODINGS.size()
                + PgNames.CLIENT_ONLY_ENCODINGS.size());
        assertThat(PgNames.officialEncodings()).allSatisfy(e -> assertThat(server.containsValue(e)).as(e).isTrue());
    }

    @Test
    void clientOnlyEncodingsAreRefusedByTheServerAndServerOnesAccepted() throws SQLException {
        for (String enc : PgNames.CLIENT_ONLY_ENCODINGS) {
            SQLException e = catchThrowableOfType(SQLException.class, () -> PgTestSupport.exec("CREATE DATABASE "
                    + q(pg.database("enc")) + " TEMPLATE template0 ENCODING '" + enc + "' LC_COLLATE 'C' LC_CTYPE 'C'"));
            assertThat((Throwable) e).as(enc).isNotNull();
            assertThat(PgNames.checkServerEncoding(enc)).as(enc).contains("client-only");
        }
        // one of each family, the first and the last of the server's list
        for (String enc : List.of("SQL_ASCII", "EUC_JIS_2004", "MULE_INTERNAL", "LATIN10", "ISO_8859_8", "KOI8U")) {
            String db = pg.database("enc");
            PgTestSupport.exec("CREATE DATABASE " + q(db) + " TEMPLATE template0 ENCODING '" + enc
                    + "' LC_COLLATE 'C' LC_CTYPE 'C'");
            assertThat(column(null, "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = ?", db))
                    .containsExactly(enc);
            assertThat(PgNames.checkServerEncoding(enc)).isNull();
        }
    }

    @Test
    void localesCompareAsTheCLibraryNamesThem() {
        assertThat(PgNames.sameLocale("POSIX", "C")).isTrue();
        assertThat(PgNames.sameLocale("C.UTF-8", "C.utf8")).isTrue();
        assertThat(PgNames.sameLocale("en_US.UTF-8", "en_US.utf8")).isTrue();
        assertThat(PgNames.sameLocale("de_DE.ISO-8859-15@euro", "de_DE.iso885915@euro")).isTrue();
        assertThat(PgNames.sameLocale("en_US.88591", "en_US.ISO-8859-1")).isTrue();
        // the language and territory keep their case, the modifier is not dropped
        assertThat(PgNames.sameLocale("en_us.UTF-8", "en_US.UTF-8")).isFalse();
        assertThat(PgNames.sameLocale("de_DE@euro", "de_DE")).isFalse();
        assertThat(PgNames.sameLocale("C", "C.UTF-8")).isFalse();
        assertThat(PgNames.localeEncoding("en_US.utf8")).isEqualTo("UTF8");
        assertThat(PgNames.localeEncoding("ru_RU.CP1251")).isEqualTo("WIN1251");
        assertThat(PgNames.localeEncoding("de_DE.ISO-8859-15@euro")).isEqualTo("LATIN9");
        assertThat(PgNames.localeEncoding("C")).isNull();
        assertThat(PgNames.localeEncoding("xx_YY.funny")).isNull();
    }

    @Test
    void theServerStoresCForPosixAndOtherLocaleNamesAsGiven() throws SQLException {
        for (String[] c : new String[][] {{"POSIX", "C"}, {"C.utf8", "C.utf8"}, {"C.UTF-8", "C.UTF-8"}}) {
            String db = pg.database("loc");
            PgTestSupport.exec("CREATE DATABASE " + q(db) + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE '"
                    + c[0] + "' LC_CTYPE '" + c[0] + "'");
            assertThat(column(null, "SELECT datcollate FROM pg_database WHERE datname = ?", db)).containsExactly(c[1]);
            assertThat(PgNames.storedLocale(c[0])).isEqualTo(c[1]);
        }
        // lower-case c is no locale to the C library: the server refuses it, and so does validation
        SQLException e = catchThrowableOfType(SQLException.class, () -> PgTestSupport.exec("CREATE DATABASE "
                + q(pg.database("loc")) + " TEMPLATE template0 LC_COLLATE 'c' LC_CTYPE 'C'"));
        assertThat((Throwable) e).isNotNull();
        assertThat(PgNames.checkLocale("c")).contains("spells it C");
        // and a locale whose code set does not match the encoding
        SQLException mismatch = catchThrowableOfType(SQLException.class, () -> PgTestSupport.exec("CREATE DATABASE "
                + q(pg.database("loc")) + " TEMPLATE template0 ENCODING 'LATIN1' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C'"));
        assertThat((Throwable) mismatch).isNotNull();
        assertThat(PgNames.localeEncoding("C.UTF-8")).isEqualTo("UTF8");
    }
}
