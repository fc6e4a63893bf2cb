package dev.syncline.runner.config;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Reads a backfill's lower bound: a date ({@code 2024-01-01}, UTC), an instant, or Unix seconds. */
public final class Since {
    private Since() {}

    /**
     * @return Unix seconds
     * @throws InvalidSinceException with a reason fit for a configuration problem
     */
    public static long parse(String text) {
        String value = text.trim();
        try {
            if (value.matches("\\d+")) {
                return Long.parseLong(value);
            }
            if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            }
            return Instant.parse(value).getEpochSecond();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new InvalidSinceException();
        }
    }

    /** Not a date, instant or number of seconds. */
    public static final class InvalidSinceException extends IllegalArgumentException {
        InvalidSinceException() {
            super("must be a date such as 2024-01-01, an instant such as 2024-01-01T00:00:00Z, or Unix seconds");
        }
    }
}
