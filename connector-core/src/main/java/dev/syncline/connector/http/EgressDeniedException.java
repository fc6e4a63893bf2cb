package dev.syncline.connector.http;

/**
 * A request, or a redirect hop, to a URL that is not on the egress allow-list. Nothing was sent.
 * Retrying cannot help: connectors classify it as permanent.
 */
public final class EgressDeniedException extends RuntimeException {
    private final String url;

    EgressDeniedException(String url, String reason, boolean redirect) {
        super((redirect ? "refused to follow a redirect: " : "refused to send: ") + reason);
        this.url = url;
    }

    /** The refused URL, as the connector or the redirect gave it. */
    public String url() {
        return url;
    }
}
