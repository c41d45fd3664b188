package dev.mlpc.testing.snowflake;

import java.util.Locale;

/**
 * One column of a simulated result: name plus the Snowflake internal type the driver reads from {@code rowtype[].type}
 * ({@code text}, {@code fixed}, {@code real}, {@code boolean}, {@code date}, {@code time}, {@code timestamp_ltz},
 * {@code timestamp_ntz}, {@code timestamp_tz}, {@code variant}, {@code object}, {@code array}, {@code binary}).
 */
public record SfColumn(String name, String type, boolean nullable, int precision, int scale, int length) {

    public SfColumn {
        type = type.toLowerCase(Locale.ROOT);
    }

    /** VARCHAR: {@code text} with the maximum length Snowflake reports for unsized strings. */
    public static SfColumn text(String name) {
        return new SfColumn(name, "text", true, 0, 0, 16_777_216);
    }

    /** NUMBER(precision, scale): {@code fixed}. */
    public static SfColumn number(String name, int precision, int scale) {
        return new SfColumn(name, "fixed", true, precision, scale, 0);
    }

    /** NUMBER(38,0). */
    public static SfColumn integer(String name) {
        return number(name, 38, 0);
    }

    /** FLOAT / DOUBLE: {@code real}. */
    public static SfColumn real(String name) {
        return new SfColumn(name, "real", true, 0, 0, 0);
    }

    public static SfColumn bool(String name) {
        return new SfColumn(name, "boolean", true, 0, 0, 0);
    }

    public static SfColumn date(String name) {
        return new SfColumn(name, "date", true, 0, 0, 0);
    }

    /** TIMESTAMP_LTZ(3), the type of {@code created_on} in SHOW output. */
    public static SfColumn timestampLtz(String name) {
        return new SfColumn(name, "timestamp_ltz", true, 0, 3, 0);
    }

    /** TIMESTAMP_NTZ(9). */
    public static SfColumn timestampNtz(String name) {
        return new SfColumn(name, "timestamp_ntz", true, 0, 9, 0);
    }

    public static SfColumn variant(String name) {
        return new SfColumn(name, "variant", true, 0, 0, 16_777_216);
    }

    public SfColumn notNull() {
        return new SfColumn(name, type, false, precision, scale, length);
    }
}
