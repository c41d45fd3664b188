package dev.mlpc.providers.postgres;

import dev.mlpc.core.spec.Problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How PostgreSQL itself normalises the names of encodings and locales, so that a stack's spelling and the spelling the
 * server stores compare equal when they mean the same, and so that names the server would refuse are refused first.
 *
 * <h2>Encodings</h2>
 * The server looks an encoding name up ({@code pg_char_to_encoding}) after keeping only its ASCII letters and digits,
 * lower-cased, in a fixed table of names and aliases, and stores the encoding's one official name
 * ({@code pg_encoding_to_char}). The table below holds the same facts, from the manual's "Supported Character Sets"
 * table and {@code src/common/encnames.c} (PostgreSQL 12-17 have the same table); {@code PgNamesTest} checks it against
 * the running server's {@code pg_char_to_encoding}. Seven encodings are client-only: a database cannot use them.
 *
 * <h2>Locales</h2>
 * The server checks a locale name with the C library ({@code setlocale}) and stores the name it gets back: glibc gives
 * back {@code C} for {@code POSIX} and any other name as it was given. Two spellings name the same locale when the
 * language and territory are equal (case counts: {@code c} is no locale), the modifier after {@code @} is equal, and
 * the code sets after {@code .} are equal once normalised as glibc does ({@code _nl_normalize_codeset}: letters
 * lower-cased, other punctuation dropped, an all-digit code set prefixed with {@code iso}), so {@code en_US.UTF-8} and
 * {@code en_US.utf8} are one locale. Whether a locale is installed on the server cannot be known before the apply.
 */
public final class PgNames {
    /** Official names of the encodings a database can use (PG_VALID_BE_ENCODING), in PostgreSQL's own order. */
    public static final List<String> SERVER_ENCODINGS = List.of("SQL_ASCII", "EUC_JP", "EUC_CN", "EUC_KR", "EUC_TW",
            "EUC_JIS_2004", "UTF8", "MULE_INTERNAL", "LATIN1", "LATIN2", "LATIN3", "LATIN4", "LATIN5", "LATIN6",
            "LATIN7", "LATIN8", "LATIN9", "LATIN10", "WIN1256", "WIN1258", "WIN866", "WIN874", "KOI8R", "WIN1251",
            "WIN1252", "ISO_8859_5", "ISO_8859_6", "ISO_8859_7", "ISO_8859_8", "WIN1250", "WIN1253", "WIN1254",
            "WIN1255", "WIN1257", "KOI8U");

    /** Official names of the client-only encodings. */
    public static final List<String> CLIENT_ONLY_ENCODINGS = List.of("SJIS", "BIG5", "GBK", "UHC", "GB18030", "JOHAB",
            "SHIFT_JIS_2004");

    /** Squashed name (ASCII letters and digits, lower case) to official name: every name the server accepts. */
    private static final Map<String, String> ENCODING_NAMES = encodingNames();

    private static final Pattern LOCALE = Pattern.compile(
            "[A-Za-z]{1,8}(?:[_-][A-Za-z0-9]{1,8})*(?:\\.[A-Za-z0-9_+:-]{1,40})?(?:@[A-Za-z0-9_=,-]{1,40})?");

    private PgNames() { }

    private static Map<String, String> encodingNames() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String official : SERVER_ENCODINGS) m.put(squash(official), official);
        for (String official : CLIENT_ONLY_ENCODINGS) m.put(squash(official), official);
        alias(m, "UTF8", "unicode");
        alias(m, "LATIN1", "iso88591");
        alias(m, "LATIN2", "iso88592");
        alias(m, "LATIN3", "iso88593");
        alias(m, "LATIN4", "iso88594");
        alias(m, "LATIN5", "iso88599");
        alias(m, "LATIN6", "iso885910");
        alias(m, "LATIN7", "iso885913");
        alias(m, "LATIN8", "iso885914");
        alias(m, "LATIN9", "iso885915");
        alias(m, "LATIN10", "iso885916");
        alias(m, "KOI8R", "koi8");
        alias(m, "WIN1250", "windows1250");
        alias(m, "WIN1251", "windows1251", "win");
        alias(m, "WIN1252", "windows1252");
        alias(m, "WIN1253", "windows1253");
        alias(m, "WIN1254", "windows1254");
        alias(m, "WIN1255", "windows1255");
        alias(m, "WIN1256", "windows1256");
        alias(m, "WIN1257", "windows1257");
        alias(m, "WIN1258", "windows1258", "abc", "tcvn", "tcvn5712", "vscii");
        alias(m, "WIN866", "windows866", "alt");
        alias(m, "WIN874", "windows874");
        alias(m, "SJIS", "shiftjis", "mskanji", "win932", "windows932");
        alias(m, "GBK", "win936", "windows936");
        alias(m, "UHC", "win949", "windows949");
        alias(m, "BIG5", "win950", "windows950");
        return Map.copyOf(m);
    }

    private static void alias(Map<String, String> m, String official, String... names) {
        for (String n : names) m.put(n, official);
    }

    /** Every name (squashed) the server accepts for an encoding, with the official name it stands for. */
    public static Map<String, String> encodingAliases() {
        return ENCODING_NAMES;
    }

    /**
     * The official name of an encoding, as {@code pg_encoding_to_char(pg_char_to_encoding(name))} gives it, or null
     * when the server does not know the name.
     */
    public static String encoding(String name) {
        if (name == null || name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= 64) return null;
        return ENCODING_NAMES.get(squash(name));
    }

    /** True when both name the same encoding (or are the same text). */
    public static boolean sameEncoding(String a, String b) {
        if (a == null || b == null) return a == b;
        String ca = encoding(a);
        return ca == null ? a.equals(b) : ca.equals(encoding(b));
    }

    /** Null when a database can use the encoding, otherwise why not. */
    public static String checkServerEncoding(String name) {
        String official = encoding(name);
        if (official == null) {
            return Problem.quote(name) + " is not an encoding PostgreSQL knows (e.g. UTF8, LATIN1, SQL_ASCII)";
        }
        if (CLIENT_ONLY_ENCODINGS.contains(official)) {
            return official + " is a client-only encoding; PostgreSQL cannot store a database in it";
        }
        return null;
    }

    /** Null when the text can be a locale name, otherwise why not (whether it is installed is the server's to say). */
    public static String checkLocale(String name) {
        if (name.isEmpty()) return "must not be empty: leave it out to take the template's locale";
        String base = name.split("[.@]", 2)[0];
        if (base.equalsIgnoreCase("c") && !base.equals("C") || base.equalsIgnoreCase("posix") && !base.equals("POSIX")) {
            return Problem.quote(name) + " is not a locale name: the C library spells it " + base.toUpperCase(Locale.ROOT);
        }
        if (!LOCALE.matcher(name).matches()) {
            return Problem.quote(name) + " is not a locale name (language[_TERRITORY][.codeset][@modifier], C or POSIX)";
        }
        return null;
    }

    /** The name the server stores for a locale it accepts: {@code C} for {@code POSIX}, else the name as given. */
    public static String storedLocale(String name) {
        return "POSIX".equals(name) ? "C" : name;
    }

    /** True when both name the same locale, as the C library matches them (see the class comment). */
    public static boolean sameLocale(String a, String b) {
        if (a == null || b == null) return a == b;
        return localeKey(storedLocale(a)).equals(localeKey(storedLocale(b)));
    }

    /**
     * The encoding a locale's code set means, by the names the server accepts for encodings plus the C library's
     * {@code CP125x}, {@code CP866}, {@code CP874} and {@code TIS620}; null when the locale names no code set or one
     * not known here (the server then decides). {@code C} and {@code POSIX} suit any encoding: null.
     */
    public static String localeEncoding(String locale) {
        if (locale == null) return null;
        String codeset = codeset(locale);
        if (codeset == null) return null;
        String n = normaliseCodeset(codeset);
        String e = ENCODING_NAMES.get(n);
        if (e != null) return e;
        if (n.matches("cp12[5][0-8]")) return "WIN" + n.substring(2);
        return switch (n) {
            case "cp866" -> "WIN866";
            case "cp874", "tis620" -> "WIN874";
            default -> null;
        };
    }

    private static String codeset(String locale) {
        int dot = locale.indexOf('.');
        if (dot < 0) return null;
        int at = locale.indexOf('@', dot);
        return at < 0 ? locale.substring(dot + 1) : locale.substring(dot + 1, at);
    }

    private static String localeKey(String locale) {
        int dot = locale.indexOf('.');
        int at = locale.indexOf('@');
        String base = locale.substring(0, dot >= 0 ? dot : at >= 0 ? at : locale.length());
        String modifier = at >= 0 ? locale.substring(at) : "";
        String codeset = codeset(locale);
        return base + (codeset == null ? "" : "." + normaliseCodeset(codeset)) + modifier;
    }

    /** glibc's code set normalisation: letters lower-cased, digits kept, the rest dropped; all digits get "iso". */
    static String normaliseCodeset(String codeset) {
        StringBuilder b = new StringBuilder();
        boolean letters = false;
        for (char c : codeset.toCharArray()) {
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
                letters = true;
                b.append(Character.toLowerCase(c));
            } else if (c >= '0' && c <= '9') {
                b.append(c);
            }
        }
        return letters ? b.toString() : "iso" + b;
    }

    /** Keeps ASCII letters and digits, lower-cased, as the server does before looking an encoding name up. */
    static String squash(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c >= 'A' && c <= 'Z') b.append((char) (c + 32));
            else if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') b.append(c);
        }
        return b.toString();
    }

    /**
     * The Java charset for a server encoding, to tell whether a text can be stored in it; null for SQL_ASCII (any
     * bytes), MULE_INTERNAL and the encodings this JVM has no charset for (LATIN6, LATIN8).
     */
    public static java.nio.charset.Charset javaCharset(String official) {
        if (official == null) return null;
        String name = switch (official) {
            case "UTF8" -> "UTF-8";
            case "LATIN1" -> "ISO-8859-1";
            case "LATIN2" -> "ISO-8859-2";
            case "LATIN3" -> "ISO-8859-3";
            case "LATIN4" -> "ISO-8859-4";
            case "LATIN5" -> "ISO-8859-9";
            case "LATIN7" -> "ISO-8859-13";
            case "LATIN9" -> "ISO-8859-15";
            case "LATIN10" -> "ISO-8859-16";
            case "ISO_8859_5", "ISO_8859_6", "ISO_8859_7", "ISO_8859_8" -> "ISO-8859-" + official.charAt(9);
            case "KOI8R" -> "KOI8-R";
            case "KOI8U" -> "KOI8-U";
            case "WIN866" -> "IBM866";
            case "WIN874" -> "x-windows-874";
            case "EUC_JP" -> "EUC-JP";
            case "EUC_KR" -> "EUC-KR";
            case "EUC_CN" -> "GB2312";
            default -> official.matches("WIN125[0-8]") ? "windows-" + official.substring(3) : null;
        };
        return name != null && java.nio.charset.Charset.isSupported(name) ? java.nio.charset.Charset.forName(name) : null;
    }

    /** The official names of every encoding, server and client-only. */
    public static Set<String> officialEncodings() {
        return Set.copyOf(ENCODING_NAMES.values());
    }
}
