package dev.syncline.connector.salesforce;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The CSV of Bulk API 2.0 ingest jobs: a header of API field names (a parent by external id as
 * {@code Account.Stripe_Customer_Id__c}), one row per record, {@code LF} line endings, every field
 * quoted. An empty cell leaves a field as it is; {@code #N/A} empties it, which is how an upsert
 * clears a value through Bulk.
 */
final class Csv {
    static final String EMPTY_FIELD = "#N/A";

    private Csv() {}

    /** The header and rows of {@code records}; columns are the union of their fields, first seen first. */
    static String write(List<Map<String, @Nullable Object>> records) {
        Set<String> fields = new LinkedHashSet<>();
        records.forEach(r -> fields.addAll(r.keySet()));
        List<String> header = new ArrayList<>();
        for (String field : fields) {
            header.add(records.stream().map(r -> r.get(field)).filter(v -> v instanceof Map<?, ?>).findFirst()
                    .map(v -> field + "." + ((Map<?, ?>) v).keySet().iterator().next()).orElse(field));
        }
        StringBuilder out = new StringBuilder();
        out.append(line(header));
        for (Map<String, @Nullable Object> record : records) {
            List<String> cells = new ArrayList<>(fields.size());
            for (String field : fields) {
                cells.add(cell(record.containsKey(field), record.get(field)));
            }
            out.append(line(cells));
        }
        return out.toString();
    }

    /** Every row of {@code text}, the header included (RFC 4180). */
    static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean pending = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            pending = true;
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                pending = false;
            } else {
                field.append(c);
            }
        }
        if (pending) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }

    private static String cell(boolean present, @Nullable Object value) {
        if (!present) {
            return "";
        }
        if (value == null) {
            return EMPTY_FIELD;
        }
        if (value instanceof Map<?, ?> reference) {
            return String.valueOf(reference.values().iterator().next());
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        String text = String.valueOf(value);
        // An empty text would read as "leave unchanged"; an empty Stripe string means no value.
        return text.isEmpty() ? EMPTY_FIELD : text;
    }

    private static String line(List<String> values) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('"').append(values.get(i).replace("\"", "\"\"")).append('"');
        }
        return out.append('\n').toString();
    }
}
