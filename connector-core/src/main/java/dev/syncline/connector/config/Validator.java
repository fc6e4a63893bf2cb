package dev.syncline.connector.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks one coerced configuration value; returns the reason it is wrong, or empty if it is fine.
 */
@FunctionalInterface
public interface Validator {
    Optional<String> check(Object value);

    /** Numbers at least {@code min}. */
    static Validator atLeast(long min) {
        return v -> ((Number) v).longValue() >= min ? Optional.empty() : Optional.of("must be at least " + min);
    }

    /** Numbers between {@code min} and {@code max}, inclusive. */
    static Validator between(long min, long max) {
        return v -> {
            long n = ((Number) v).longValue();
            return n >= min && n <= max ? Optional.empty() : Optional.of("must be between " + min + " and " + max);
        };
    }

    /** Strings that are one of the given values. */
    static Validator oneOf(String... allowed) {
        List<String> values = Arrays.asList(allowed);
        return v -> values.contains(v) ? Optional.empty() : Optional.of("must be one of " + String.join(", ", values));
    }

    /** Strings that are not blank. */
    static Validator notBlank() {
        return v -> ((String) v).isBlank() ? Optional.of("must not be blank") : Optional.empty();
    }

    /** Absolute URIs with one of the given schemes and a host. */
    static Validator uri(String... schemes) {
        List<String> allowed = Arrays.asList(schemes);
        return v -> {
            try {
                URI uri = new URI((String) v);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!allowed.contains(scheme)) {
                    return Optional.of("must be a URL starting with " + String.join(": or ", allowed) + ":");
                }
                String rest = uri.getRawSchemeSpecificPart();
                // r2dbc:postgresql://host/db keeps the authority one level down.
                URI inner = rest.startsWith("//") ? uri : new URI(rest);
                return inner.getHost() == null || inner.getHost().isBlank()
                        ? Optional.of("must be a URL with a host")
                        : Optional.empty();
            } catch (URISyntaxException e) {
                return Optional.of("must be a valid URL: " + e.getReason());
            }
        };
    }

    /** Both checks; the first failure wins. */
    default Validator and(Validator next) {
        return v -> check(v).or(() -> next.check(v));
    }
}
