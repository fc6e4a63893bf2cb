package dev.syncline.connector.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Coerces the loosely typed values a YAML parser produces into a key's declared type. */
public final class ConfigValues {
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private ConfigValues() {}

    /**
     * Coerces {@code raw} to {@code type}.
     *
     * @throws IllegalArgumentException with a reason fit for a {@link ConfigProblem} if it does not fit
     */
    public static Object coerce(Object raw, ConfigType type) {
        return switch (type) {
            case STRING -> {
                if (raw instanceof Map<?, ?> || raw instanceof List<?>) {
                    throw new IllegalArgumentException("must be a single value");
                }
                yield String.valueOf(raw);
            }
            case INT -> {
                long value = toLong(raw);
                if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("must be a whole number that fits in 32 bits");
                }
                yield (int) value;
            }
            case LONG -> toLong(raw);
            case BOOLEAN -> {
                if (raw instanceof Boolean b) {
                    yield b;
                }
                String text = String.valueOf(raw).trim().toLowerCase(Locale.ROOT);
                if (text.equals("true") || text.equals("false")) {
                    yield Boolean.parseBoolean(text);
                }
                throw new IllegalArgumentException("must be true or false");
            }
            case DURATION -> duration(raw);
            case LIST -> {
                if (raw instanceof List<?> list) {
                    List<String> out = new ArrayList<>();
                    for (Object o : list) {
                        if (o instanceof Map<?, ?> || o instanceof List<?>) {
                            throw new IllegalArgumentException("must be a list of single values");
                        }
                        out.add(String.valueOf(o));
                    }
                    yield List.copyOf(out);
                }
                throw new IllegalArgumentException("must be a list");
            }
            case MAP -> {
                if (raw instanceof Map<?, ?> map) {
                    yield map;
                }
                throw new IllegalArgumentException("must be a map");
            }
        };
    }

    /** Parses {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT30S}). */
    public static Duration duration(@Nullable Object raw) {
        if (raw instanceof Duration d) {
            return d;
        }
        String text = String.valueOf(raw).trim();
        Matcher m = SIMPLE_DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be a duration such as 500ms, 30s, 5m or PT30S");
        }
    }

    private static long toLong(Object raw) {
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) {
            return ((Number) raw).longValue();
        }
        try {
            return Long.parseLong(String.valueOf(raw).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number");
        }
    }
}
