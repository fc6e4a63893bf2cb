package dev.syncline.connector.policy;

import java.util.Locale;

/**
 * One entry of the egress allow-list: a manifest {@code connect-src} URL or an entry of the YAML
 * list of non-HTTP destinations.
 *
 * <p>{@code connect-src} semantics: HTTPS only; a path is required; a path ending in {@code /}
 * allows everything below it, otherwise the path must match exactly; a {@code *} may only be the
 * whole left-most DNS label and then matches one or more labels (never the bare domain); the port
 * is 443 unless the entry names one.
 */
final class EgressRule {
    private final String source;
    private final CanonicalUrl url;
    private final boolean wildcard;

    private EgressRule(String source, CanonicalUrl url, boolean wildcard) {
        this.source = source;
        this.url = url;
        this.wildcard = wildcard;
    }

    /**
     * A manifest {@code connect-src} entry.
     *
     * @throws IllegalArgumentException with the reason the entry is refused
     */
    static EgressRule connectSrc(String entry) {
        if (!entry.toLowerCase(Locale.ROOT).startsWith("https://")) {
            throw new IllegalArgumentException("must use https:// (connect-src allows HTTPS only)");
        }
        boolean wildcard = false;
        String parsable = entry;
        String hostStart = entry.substring("https://".length());
        if (hostStart.startsWith("*.")) {
            wildcard = true;
            parsable = "https://" + hostStart.substring(2);
        }
        CanonicalUrl url = CanonicalUrl.parse(parsable, false);
        if (url.host().contains("*")) {
            throw new IllegalArgumentException("may have a * only as the whole left-most DNS label (https://*.example.com/path/)");
        }
        if (wildcard && (url.ipLiteral() || !url.host().contains("."))) {
            throw new IllegalArgumentException("may not put a wildcard over an IP address or a top-level domain");
        }
        if (url.path().equals("/")) {
            throw new IllegalArgumentException("must contain a path (https://example.com/api/, not https://example.com/)");
        }
        if (isStripe(url.host())) {
            throw new IllegalArgumentException("may not be a Stripe API host: Stripe data never goes back to Stripe through a connector");
        }
        return new EgressRule(entry, url, wildcard);
    }

    /**
     * An entry of the YAML list of non-HTTP destinations, for example
     * {@code r2dbc:postgresql://warehouse:5432/analytics}.
     *
     * @throws IllegalArgumentException with the reason the entry is refused
     */
    static EgressRule nonHttp(String entry) {
        String lower = entry.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            throw new IllegalArgumentException("is an HTTP URL: HTTP destinations are allowed by the manifest's connect-src, not here");
        }
        if (entry.contains("*")) {
            throw new IllegalArgumentException("may not contain a wildcard: list each non-HTTP destination");
        }
        CanonicalUrl url = CanonicalUrl.parse(entry, true);
        if (isStripe(url.host())) {
            throw new IllegalArgumentException("may not be a Stripe host");
        }
        return new EgressRule(entry, url, false);
    }

    boolean matches(CanonicalUrl target) {
        if (!url.scheme().equals(target.scheme()) || url.port() != target.port()) {
            return false;
        }
        boolean hostMatches = wildcard
                ? !target.ipLiteral() && target.host().endsWith("." + url.host())
                : url.host().equals(target.host());
        if (!hostMatches) {
            return false;
        }
        return url.path().endsWith("/") ? target.path().startsWith(url.path()) : url.path().equals(target.path());
    }

    static boolean isStripe(String host) {
        return host.equals("stripe.com") || host.endsWith(".stripe.com")
                || host.equals("stripe.network") || host.endsWith(".stripe.network");
    }

    String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }
}
