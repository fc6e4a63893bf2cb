package dev.syncline.testkit.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * A request the fake server received.
 *
 * @param method the method
 * @param uri the path and query as sent
 * @param headers headers, names in lower case
 * @param body the body
 */
public record RecordedRequest(String method, String uri, Map<String, String> headers, byte[] body) {
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
