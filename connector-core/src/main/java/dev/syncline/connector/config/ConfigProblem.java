package dev.syncline.connector.config;

import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One thing wrong with a configuration, located by its YAML path.
 *
 * @param path the full YAML path, for example {@code pipelines[0].destination.url}
 * @param value the offending value as shown to people: {@code [hidden]} for secrets, null if absent
 * @param reason what is wrong, phrased to say what would be right
 */
public record ConfigProblem(String path, @Nullable String value, String reason) {
    public static final String HIDDEN = "[hidden]";
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/@:\\s]*:)[^/@\\s]*@");

    public ConfigProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * A problem with a value that is shown as is, except a password inside a URL's user-info
     * ({@code scheme://user:secret@host}), which is hidden.
     */
    public static ConfigProblem of(String path, @Nullable Object value, String reason) {
        return new ConfigProblem(path, value == null ? null : hideUrlPassword(String.valueOf(value)), reason);
    }

    /** A problem with a secret value, which is never shown. */
    public static ConfigProblem secret(String path, @Nullable Object value, String reason) {
        return new ConfigProblem(path, value == null ? null : HIDDEN, reason);
    }

    private static String hideUrlPassword(String value) {
        return URL_PASSWORD.matcher(value).replaceAll("$1" + HIDDEN + "@");
    }

    /** One line: {@code path: reason (value: "…")}. */
    public String render() {
        return value == null ? path + ": " + reason : path + ": " + reason + " (value: \"" + value + "\")";
    }

    @Override
    public String toString() {
        return render();
    }
}
