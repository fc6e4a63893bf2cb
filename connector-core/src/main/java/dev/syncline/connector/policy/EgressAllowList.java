package dev.syncline.connector.policy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The URLs Stripe data may be sent to (design guarantee 5): the manifest's
 * {@code ui_extension.content_security_policy.connect-src} for HTTPS destinations, plus the YAML's
 * explicit list for non-HTTP destinations such as Postgres. Every URL is canonicalised before it
 * is compared (case, default ports, trailing dots, percent-escapes, dot segments, numeric IP
 * forms), and user-info in an HTTP URL is refused outright. Immutable and thread-safe.
 */
public final class EgressAllowList {
    private static final EgressAllowList NONE = new EgressAllowList(List.of());

    private final List<EgressRule> rules;

    private EgressAllowList(List<EgressRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** An allow-list that refuses every URL. */
    public static EgressAllowList denyAll() {
        return NONE;
    }

    /**
     * Builds the list, reporting each refused entry with its index and reason and leaving it out.
     *
     * @param connectSrc the manifest's connect-src entries
     * @param nonHttp the YAML's non-HTTP destinations
     * @param problems receives {@code ("connect-src" | "non-http", index)} and the reason of each refused entry
     */
    public static EgressAllowList of(List<String> connectSrc, List<String> nonHttp, Problems problems) {
        List<EgressRule> rules = new ArrayList<>();
        collect(connectSrc, EgressRule::connectSrc, rules, (i, reason) -> problems.report(Source.CONNECT_SRC, i, reason));
        collect(nonHttp, EgressRule::nonHttp, rules, (i, reason) -> problems.report(Source.NON_HTTP, i, reason));
        return new EgressAllowList(rules);
    }

    /**
     * Builds the list, failing on the first refused entry: for tests and tools.
     *
     * @throws IllegalArgumentException naming the entry and the reason
     */
    public static EgressAllowList of(List<String> connectSrc, List<String> nonHttp) {
        return of(connectSrc, nonHttp, (source, index, reason) -> {
            List<String> entries = source == Source.CONNECT_SRC ? connectSrc : nonHttp;
            throw new IllegalArgumentException(entries.get(index) + " " + reason);
        });
    }

    /** Whether data may be sent to {@code url}; the reason says why not. */
    public Decision check(String url) {
        CanonicalUrl target;
        try {
            target = CanonicalUrl.parse(url, !isHttp(url));
        } catch (IllegalArgumentException e) {
            return Decision.deny(redact(url) + " " + e.getMessage());
        }
        if (isHttp(url) && !target.scheme().equals("https")) {
            return Decision.deny(redact(url) + " is plain HTTP: only https:// URLs can be allow-listed");
        }
        for (EgressRule rule : rules) {
            if (rule.matches(target)) {
                return Decision.allow();
            }
        }
        return Decision.deny(redact(url) + " (" + target.render() + ") is not on the egress allow-list"
                + (rules.isEmpty() ? ", which is empty" : ": " + rules));
    }

    /**
     * The URL to connect to for an allowed {@code url}: rebuilt from the canonical form that was
     * checked (plus the original query), so the HTTP library cannot read the host differently.
     *
     * @throws IllegalArgumentException if {@code url} is not allowed
     */
    public URI target(String url) {
        Decision decision = check(url);
        if (decision.denied()) {
            throw new IllegalArgumentException(decision.reason());
        }
        CanonicalUrl canonical = CanonicalUrl.parse(url, !isHttp(url));
        int hash = url.indexOf('#');
        String withoutFragment = hash < 0 ? url : url.substring(0, hash);
        int query = withoutFragment.indexOf('?');
        String rawQuery = query < 0 ? "" : withoutFragment.substring(query);
        return URI.create(canonical.scheme() + "://" + canonical.host() + ":" + canonical.port() + canonical.path() + rawQuery);
    }

    /** The entries in force, as written. */
    public List<String> entries() {
        return rules.stream().map(EgressRule::source).toList();
    }

    private static boolean isHttp(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    /** Keeps credentials of database URLs out of messages. */
    private static String redact(String url) {
        return url.replaceAll("(://)[^/@]*@", "$1[hidden]@");
    }

    private static void collect(List<String> entries, Function<String, EgressRule> parser,
                                List<EgressRule> rules, BiConsumer<Integer, String> problems) {
        for (int i = 0; i < entries.size(); i++) {
            try {
                rules.add(parser.apply(entries.get(i)));
            } catch (IllegalArgumentException e) {
                problems.accept(i, e.getMessage());
            }
        }
    }

    /** Where a refused entry came from. */
    public enum Source { CONNECT_SRC, NON_HTTP }

    /** Receives the refused entries. */
    @FunctionalInterface
    public interface Problems {
        void report(Source source, int index, String reason);
    }
}
