package dev.mlpc.providers.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Data types as Snowflake stores them, so that a stack's spelling ({@code STRING}, {@code INT}, {@code TIMESTAMP_NTZ})
 * and what {@code SHOW COLUMNS} reports ({@code {"type":"TEXT","length":16777216}}) compare: both are reduced to one
 * canonical text ({@code VARCHAR(16777216)}, {@code NUMBER(38,0)}, {@code TIMESTAMP_NTZ(9)}).
 */
final class SfTypes {
    private SfTypes() { }

    private static final Pattern TYPE = Pattern.compile("([A-Z_][A-Z0-9_ ]*?)\\s*(?:\\((.*)\\))?");

    /** The stored form of a type as written in DDL; unknown types come back upper-cased with single spaces. */
    static String canonical(String written) {
        String t = SnowflakeTypes.canonicalType(written);
        Matcher m = TYPE.matcher(t);
        if (!m.matches()) return t;
        String base = m.group(1).strip();
        String[] args = m.group(2) == null ? new String[0] : m.group(2).split("\\s*,\\s*");
        return switch (base) {
            case "VARCHAR", "STRING", "TEXT", "CHAR VARYING", "NVARCHAR", "NVARCHAR2", "NCHAR VARYING" ->
                    "VARCHAR(" + (args.length > 0 ? args[0] : "16777216") + ")";
            case "CHAR", "CHARACTER", "NCHAR" -> "VARCHAR(" + (args.length > 0 ? args[0] : "1") + ")";
            case "NUMBER", "DECIMAL", "DEC", "NUMERIC" ->
                    "NUMBER(" + (args.length > 0 ? args[0] : "38") + "," + (args.length > 1 ? args[1] : "0") + ")";
            case "INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "BYTEINT" -> "NUMBER(38,0)";
            case "FLOAT", "FLOAT4", "FLOAT8", "DOUBLE", "DOUBLE PRECISION", "REAL" -> "FLOAT";
            case "BOOLEAN" -> "BOOLEAN";
            case "DATE" -> "DATE";
            case "DATETIME", "TIMESTAMP", "TIMESTAMP_NTZ", "TIMESTAMPNTZ", "TIMESTAMP WITHOUT TIME ZONE" ->
                    "TIMESTAMP_NTZ(" + (args.length > 0 ? args[0] : "9") + ")";
            case "TIMESTAMP_LTZ", "TIMESTAMPLTZ", "TIMESTAMP WITH LOCAL TIME ZONE" ->
                    "TIMESTAMP_LTZ(" + (args.length > 0 ? args[0] : "9") + ")";
            case "TIMESTAMP_TZ", "TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE" ->
                    "TIMESTAMP_TZ(" + (args.length > 0 ? args[0] : "9") + ")";
            case "TIME" -> "TIME(" + (args.length > 0 ? args[0] : "9") + ")";
            case "BINARY", "VARBINARY" -> "BINARY(" + (args.length > 0 ? args[0] : "8388608") + ")";
            case "VECTOR" -> args.length == 2 ? "VECTOR(" + (args[0].startsWith("INT") ? "INT" : args[0]) + ", " + args[1] + ")" : t;
            default -> args.length == 0 ? base : t;
        };
    }

    /**
     * The canonical text of the {@code data_type} column of {@code SHOW COLUMNS} (a JSON object: {@code type}
     * TEXT / FIXED / REAL / BOOLEAN / DATE / TIMESTAMP_* / TIME / BINARY / VARIANT / OBJECT / ARRAY / GEOGRAPHY /
     * GEOMETRY / VECTOR with {@code length}, {@code precision}, {@code scale}, {@code vectorElementType},
     * {@code dimension}); text that is not JSON is read as a written type. Null when the shape cannot be read (another
     * {@code type}, a VECTOR without element type and dimension, text that is no data type): the caller then leaves
     * the type unknown rather than guessing, so that a shape Snowflake changes never looks like a type change.
     */
    static String fromShowColumns(String dataType) {
        if (dataType == null || dataType.isBlank()) return null;
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(dataType);
        } catch (java.io.IOException e) {
            return SnowflakeTypes.DATA_TYPE.matcher(dataType.strip()).matches() ? canonical(dataType) : null;
        }
        if (n == null || !n.isObject()) {
            return n != null && n.isTextual() && SnowflakeTypes.DATA_TYPE.matcher(n.asText().strip()).matches()
                    ? canonical(n.asText()) : null;
        }
        if (!n.hasNonNull("type")) return null;
        String type = n.get("type").asText().toUpperCase(Locale.ROOT);
        return switch (type) {
            case "TEXT" -> "VARCHAR(" + n.path("length").asLong(16_777_216) + ")";
            case "FIXED" -> "NUMBER(" + n.path("precision").asInt(38) + "," + n.path("scale").asInt(0) + ")";
            case "REAL" -> "FLOAT";
            case "TIMESTAMP_NTZ", "TIMESTAMP_LTZ", "TIMESTAMP_TZ", "TIME" -> type + "(" + n.path("scale").asInt(9) + ")";
            case "BINARY" -> "BINARY(" + n.path("length").asLong(8_388_608) + ")";
            case "BOOLEAN", "DATE", "VARIANT", "OBJECT", "ARRAY", "GEOGRAPHY", "GEOMETRY" -> type;
            case "VECTOR" -> {
                String element = n.path("vectorElementType").asText("");
                int dimension = n.path("dimension").asInt(0);
                if (element.isBlank() || dimension <= 0 || !SnowflakeTypes.DATA_TYPE.matcher(element).matches()) yield null;
                yield "VECTOR(" + canonical(element).replace("NUMBER(38,0)", "INT") + ", " + dimension + ")";
            }
            default -> null;
        };
    }
}
