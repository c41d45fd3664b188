package dev.mlpc.testing.snowflake;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Java values to the strings Snowflake puts in a JSON {@code rowset}: every value is a string (or JSON null).
 * <ul>
 *   <li>{@code fixed}: the plain decimal; {@code real}: the decimal text of the double;</li>
 *   <li>{@code boolean}: {@code "1"} / {@code "0"};</li>
 *   <li>{@code date}: days since 1970-01-01; {@code time}: seconds since midnight with {@code scale} fraction digits;</li>
 *   <li>{@code timestamp_ltz} / {@code timestamp_ntz}: seconds since the epoch with {@code scale} fraction digits
 *       (NTZ: the wall clock read as UTC); {@code timestamp_tz}: the same followed by a space and the offset in
 *       minutes plus 1440;</li>
 *   <li>everything else ({@code text}, {@code variant}, ...): {@code toString()}.</li>
 * </ul>
 */
final class WireValues {
    private WireValues() {
    }

    static String encode(SfColumn column, Object value) {
        if (value == null) {
            return null;
        }
        switch (column.type()) {
            case "fixed": {
                BigDecimal d = value instanceof BigDecimal b ? b : new BigDecimal(value.toString());
                return d.setScale(column.scale(), RoundingMode.UNNECESSARY).toPlainString();
            }
            case "real":
                return value instanceof Number n ? Double.toString(n.doubleValue()) : value.toString();
            case "boolean": {
                boolean b = value instanceof Boolean bool ? bool : isTrue(value.toString());
                return b ? "1" : "0";
            }
            case "date":
                return Long.toString(toDate(value).toEpochDay());
            case "time": {
                LocalTime t = value instanceof LocalTime lt ? lt : LocalTime.parse(value.toString());
                return seconds(t.toSecondOfDay(), t.getNano(), column.scale());
            }
            case "timestamp_ltz":
            case "timestamp_ntz":
            case "timestamp": {
                Instant i = toInstant(value);
                return seconds(i.getEpochSecond(), i.getNano(), column.scale());
            }
            case "timestamp_tz": {
                OffsetDateTime odt = value instanceof OffsetDateTime o ? o
                        : value instanceof ZonedDateTime z ? z.toOffsetDateTime()
                        : toInstant(value).atOffset(ZoneOffset.UTC);
                Instant i = odt.toInstant();
                return seconds(i.getEpochSecond(), i.getNano(), column.scale())
                        + " " + (odt.getOffset().getTotalSeconds() / 60 + 1440);
            }
            default:
                return value.toString();
        }
    }

    private static boolean isTrue(String s) {
        return s.equalsIgnoreCase("true") || s.equals("1") || s.equalsIgnoreCase("y") || s.equalsIgnoreCase("yes");
    }

    private static LocalDate toDate(Object value) {
        if (value instanceof LocalDate d) {
            return d;
        }
        if (value instanceof LocalDateTime dt) {
            return dt.toLocalDate();
        }
        return LocalDate.parse(value.toString());
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof LocalDateTime dt) {
            return dt.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (value instanceof java.util.Date d) {
            return d.toInstant();
        }
        return Instant.parse(value.toString());
    }

    private static String seconds(long seconds, int nanos, int scale) {
        BigDecimal exact = BigDecimal.valueOf(seconds).add(BigDecimal.valueOf(nanos, 9));
        return exact.setScale(Math.max(0, Math.min(9, scale)), RoundingMode.DOWN).toPlainString();
    }
}
