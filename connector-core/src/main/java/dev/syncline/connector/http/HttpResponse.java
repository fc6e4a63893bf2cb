package dev.syncline.connector.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The final response of an exchange, after any redirects the client followed.
 *
 * @param status the HTTP status
 * @param headers response headers, names in lower case
 * @param body the body, empty for none
 * @param url the URL that answered
 */
public record HttpResponse(int status, Map<String, String> headers, byte[] body, String url) {
    public HttpResponse {
        headers = headers.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue, (a, b) -> a));
    }

    /** A header by case-insensitive name. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
