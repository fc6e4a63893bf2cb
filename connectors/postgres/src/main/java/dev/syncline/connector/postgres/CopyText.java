package dev.syncline.connector.postgres;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Encodes bind values as rows of {@code COPY … FROM STDIN} in text format: tab-separated columns,
 * {@code \N} for null, backslash escapes for the characters the format reserves.
 */
final class CopyText {
    private CopyText() {}

    /** Appends one row: the same values, in the same order, that the upsert path binds. */
    static void appendRow(StringBuilder out, List<Object> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append('\t');
            }
            appendValue(out, values.get(i));
        }
        out.append('\n');
    }

    private static void appendValue(StringBuilder out, Object value) {
        if (value instanceof Class<?>) {
            out.append("\\N"); // a typed null, see PostgresSinkConnector.Row
        } else if (value instanceof String s) {
            appendEscaped(out, s);
        } else if (value instanceof io.r2dbc.postgresql.codec.Json json) {
            appendEscaped(out, json.asString());
        } else if (value instanceof Boolean b) {
            out.append(b ? 't' : 'f');
        } else if (value instanceof BigDecimal d) {
            out.append(d.toPlainString());
        } else if (value instanceof OffsetDateTime t) {
            appendTimestamp(out, t);
        } else if (value instanceof Long || value instanceof Integer) {
            out.append(value);
        } else {
            throw new IllegalArgumentException("no COPY encoding for " + value.getClass().getName());
        }
    }

    // Explicit, because ISO strings of years past 9999 ("+10000-…") are not Postgres input.
    private static void appendTimestamp(StringBuilder out, OffsetDateTime value) {
        OffsetDateTime t = value.withOffsetSameInstant(java.time.ZoneOffset.UTC);
        int year = t.getYear();
        // Postgres has no year 0: ISO year 0 is 1 BC.
        out.append(String.format(java.util.Locale.ROOT, "%04d-%02d-%02d %02d:%02d:%02d+00%s", year > 0 ? year : 1 - year,
                t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(), year > 0 ? "" : " BC"));
    }

    private static void appendEscaped(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }
}
