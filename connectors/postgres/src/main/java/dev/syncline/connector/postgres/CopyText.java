package dev.syncline.connector.postgres;

import dev.syncline.connector.record.Json;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectWriter;

/**
 * Encodes bind values as rows of {@code COPY … FROM STDIN} in text format, straight into UTF-8
 * bytes: tab-separated columns, {@code \N} for null, backslash escapes for the characters the
 * format reserves.
 *
 * <p>Encoding is the bulk path's main cost on the Syncline side, so values go into one growing
 * byte array without intermediate strings. The escapes work on bytes: the four reserved
 * characters are ASCII, and UTF-8 never uses ASCII bytes inside a multi-byte character.
 */
final class CopyText {
    /** Values follow each other in one generator; columns are separated by tabs, not by JSON's space. */
    private static final ObjectWriter JSON = Json.mapper().writer().withRootValueSeparator("");

    private byte[] buffer;
    private int size;
    /** JSON as the mapper writes it, escaped on the way into the buffer. */
    private final OutputStream escapingSink = new OutputStream() {
        @Override
        public void write(int b) {
            appendEscaped((byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            appendEscaped(bytes, offset, length);
        }

        @Override
        public void close() {
            // The mapper closes what it writes to; the buffer lives on.
        }
    };

    /** One per encoder rather than one per value: creating a generator costs more than a small value. */
    private @Nullable JsonGenerator generator;

    CopyText(int initialCapacity) {
        buffer = new byte[Math.max(64, initialCapacity)];
    }

    /** Appends one row: the same values, in the same order, that the upsert path binds. */
    void appendRow(List<Object> values) {
        appendRow(values, null);
    }

    /** Appends one row of {@code values} and, unless it is null, {@code last} as one more column. */
    void appendRow(List<Object> values, @Nullable Object last) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                append((byte) '\t');
            }
            appendValue(values.get(i));
        }
        if (last != null) {
            append((byte) '\t');
            appendValue(last);
        }
        append((byte) '\n');
    }

    /** The encoded rows: the first {@link #size()} bytes of this array. */
    byte[] bytes() {
        JsonGenerator current = generator;
        if (current != null) {
            current.close();
            generator = null;
        }
        return buffer;
    }

    int size() {
        return size;
    }

    @Override
    public String toString() {
        return new String(bytes(), 0, size, StandardCharsets.UTF_8);
    }

    private void appendValue(Object value) {
        if (value instanceof Class<?>) {
            appendAscii("\\N"); // a typed null, see PostgresSinkConnector.Row
        } else if (value instanceof String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            appendEscaped(utf8, 0, utf8.length);
        } else if (value instanceof JsonValue json) {
            appendJson(json.value());
        } else if (value instanceof Boolean b) {
            append((byte) (b ? 't' : 'f'));
        } else if (value instanceof BigDecimal d) {
            appendAscii(d.toPlainString());
        } else if (value instanceof OffsetDateTime t) {
            appendTimestamp(t);
        } else if (value instanceof Long || value instanceof Integer) {
            appendAscii(value.toString());
        } else {
            throw new IllegalArgumentException("no COPY encoding for " + value.getClass().getName());
        }
    }

    private void appendJson(@Nullable Object value) {
        JsonGenerator current = generator;
        if (current == null) {
            current = JSON.createGenerator(escapingSink);
            generator = current;
        }
        JSON.writeValue(current, value);
        current.flush();
    }

    // Explicit, because ISO strings of years past 9999 ("+10000-…") are not Postgres input.
    private void appendTimestamp(OffsetDateTime value) {
        OffsetDateTime t = value.withOffsetSameInstant(ZoneOffset.UTC);
        int year = t.getYear();
        // Postgres has no year 0: ISO year 0 is 1 BC.
        appendPadded(year > 0 ? year : 1 - year, 4);
        append((byte) '-');
        appendPadded(t.getMonthValue(), 2);
        append((byte) '-');
        appendPadded(t.getDayOfMonth(), 2);
        append((byte) ' ');
        appendPadded(t.getHour(), 2);
        append((byte) ':');
        appendPadded(t.getMinute(), 2);
        append((byte) ':');
        appendPadded(t.getSecond(), 2);
        appendAscii(year > 0 ? "+00" : "+00 BC");
    }

    private void appendPadded(int number, int digits) {
        String text = Integer.toString(number);
        for (int i = text.length(); i < digits; i++) {
            append((byte) '0');
        }
        appendAscii(text);
    }

    private void appendAscii(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            buffer[size++] = (byte) text.charAt(i);
        }
    }

    private void appendEscaped(byte[] bytes, int offset, int length) {
        ensure(length);
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\\' || b == '\t' || b == '\n' || b == '\r') {
                appendEscaped(b);
                ensure(offset + length - i - 1);
            } else {
                buffer[size++] = b;
            }
        }
    }

    private void appendEscaped(byte b) {
        switch (b) {
            case '\\' -> append((byte) '\\', (byte) '\\');
            case '\t' -> append((byte) '\\', (byte) 't');
            case '\n' -> append((byte) '\\', (byte) 'n');
            case '\r' -> append((byte) '\\', (byte) 'r');
            default -> append(b);
        }
    }

    private void append(byte b) {
        ensure(1);
        buffer[size++] = b;
    }

    private void append(byte first, byte second) {
        ensure(2);
        buffer[size++] = first;
        buffer[size++] = second;
    }

    /** Room for {@code more} bytes. */
    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
