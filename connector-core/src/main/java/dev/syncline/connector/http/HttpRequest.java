package dev.syncline.connector.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One outbound request.
 *
 * @param method {@code GET}, {@code POST}, …
 * @param url the absolute URL; it must be on the egress allow-list
 * @param headers request headers
 * @param body the body, empty for none
 */
public record HttpRequest(String method, String url, Map<String, String> headers, byte[] body) {
    public HttpRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    public static HttpRequest post(String url, Map<String, String> headers, byte[] body) {
        return new HttpRequest("POST", url, headers, body);
    }

    public static HttpRequest get(String url) {
        return new HttpRequest("GET", url, Map.of(), new byte[0]);
    }

    HttpRequest redirectedTo(String location, boolean keepMethodAndBody, boolean sameOrigin) {
        Map<String, String> kept = new LinkedHashMap<>(headers);
        if (!sameOrigin) {
            // Credentials are for the origin the caller chose, not for wherever it redirects.
            kept.keySet().removeIf(name -> name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("Cookie"));
        }
        return keepMethodAndBody
                ? new HttpRequest(method, location, kept, body)
                : new HttpRequest("GET", location, kept, new byte[0]);
    }

    @Override
    public String toString() {
        return method + " " + url;
    }
}
