package dev.syncline.connector.http;

import dev.syncline.connector.policy.Decision;
import dev.syncline.connector.policy.EgressAllowList;
import dev.syncline.connector.spi.ConnectorMetrics;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The HTTP client every HTTP connector must use. Before each request, and before each redirect
 * hop, it checks the URL against the {@link EgressAllowList}; a refused URL fails the exchange
 * with {@link EgressDeniedException}, counts {@code syncline.egress.denied} and never opens a
 * connection. It follows redirects itself (the underlying client never does), so no hop escapes
 * the check, and it connects to the canonical form of the URL it checked, so the HTTP library
 * cannot read the host differently.
 *
 * <p>TLS uses the JVM's trust store with host name verification. {@link Builder#trustOnly} replaces
 * the trust store for a test's self-signed server; there is no switch that turns verification off.
 *
 * <p>Thread-safe and non-blocking; {@link #close()} releases its connections.
 */
public final class GuardedHttpClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GuardedHttpClient.class);
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final GuardedHttpClient DENY_ALL = builder(EgressAllowList.denyAll()).build();

    private final EgressAllowList allowList;
    private final ConnectorMetrics metrics;
    private final int maxRedirects;
    private final @Nullable ConnectionProvider connections;
    private final @Nullable Http11SslContextSpec ssl;
    private final Duration responseTimeout;
    private volatile @Nullable HttpClient client;

    private GuardedHttpClient(Builder builder) {
        this.allowList = builder.allowList;
        this.metrics = builder.metrics;
        this.maxRedirects = builder.maxRedirects;
        this.ssl = builder.ssl;
        this.responseTimeout = builder.responseTimeout;
        this.connections = builder.allowList.entries().isEmpty() ? null
                : ConnectionProvider.builder("syncline-egress").maxConnections(builder.maxConnections).build();
    }

    public static Builder builder(EgressAllowList allowList) {
        return new Builder(allowList);
    }

    /** A client that refuses every URL: what a context without an allow-list hands out. */
    public static GuardedHttpClient denyingAll() {
        return DENY_ALL;
    }

    /** The allow-list this client enforces. */
    public EgressAllowList allowList() {
        return allowList;
    }

    /**
     * Sends {@code request}, following up to the configured number of redirects, each checked.
     *
     * @return the final response; {@link EgressDeniedException} if the URL or a redirect target
     *     is not allowed; the underlying I/O error if the exchange failed
     */
    public Mono<HttpResponse> exchange(HttpRequest request) {
        return Mono.defer(() -> hop(request, 0, false));
    }

    private Mono<HttpResponse> hop(HttpRequest request, int redirects, boolean redirected) {
        Decision decision = allowList.check(request.url());
        if (decision.denied()) {
            String host = hostOf(request.url());
            metrics.increment("syncline.egress.denied", 1, "host", host, "redirect", String.valueOf(redirected));
            log.warn("Egress denied{}: {}", redirected ? " (redirect)" : "", decision.reason());
            return Mono.error(new EgressDeniedException(request.url(), decision.reason(), redirected));
        }
        URI target = allowList.target(request.url());
        return send(request, target).flatMap(response -> {
            String location = response.header("Location").orElse(null);
            if (!REDIRECTS.contains(response.status()) || location == null) {
                return Mono.just(response);
            }
            if (redirects >= maxRedirects) {
                return Mono.error(new IllegalStateException("more than " + maxRedirects + " redirects from " + request.url()));
            }
            String next;
            try {
                next = target.resolve(location.trim()).toString();
            } catch (IllegalArgumentException e) {
                metrics.increment("syncline.egress.denied", 1, "host", "invalid", "redirect", "true");
                return Mono.error(new EgressDeniedException(location, "the redirect target " + location + " is not a valid URL", true));
            }
            boolean keep = response.status() == 307 || response.status() == 308;
            boolean sameOrigin = Objects.equals(hostOf(next), target.getHost());
            return hop(request.redirectedTo(next, keep, sameOrigin), redirects + 1, true);
        });
    }

    private Mono<HttpResponse> send(HttpRequest request, URI target) {
        return http().headers(h -> request.headers().forEach(h::set))
                .request(HttpMethod.valueOf(request.method()))
                .uri(target)
                .send(Mono.just(Unpooled.wrappedBuffer(request.body())))
                .responseSingle((response, content) -> content.asByteArray().defaultIfEmpty(new byte[0]).map(body -> {
                    Map<String, String> headers = new LinkedHashMap<>();
                    response.responseHeaders().forEach(e -> headers.putIfAbsent(e.getKey(), e.getValue()));
                    return new HttpResponse(response.status().code(), headers, body, target.toString());
                }));
    }

    private HttpClient http() {
        HttpClient current = client;
        if (current == null) {
            synchronized (this) {
                current = client;
                if (current == null) {
                    HttpClient base = connections == null ? HttpClient.create() : HttpClient.create(connections);
                    base = base.followRedirect(false).responseTimeout(responseTimeout);
                    Http11SslContextSpec context = ssl;
                    current = context == null ? base.secure() : base.secure(spec -> spec.sslContext(context));
                    client = current;
                }
            }
        }
        return current;
    }

    private static String hostOf(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? "invalid" : host;
        } catch (IllegalArgumentException e) {
            return "invalid";
        }
    }

    @Override
    public void close() {
        if (connections != null) {
            connections.dispose();
        }
    }

    /** Configures a {@link GuardedHttpClient}. */
    public static final class Builder {
        private final EgressAllowList allowList;
        private ConnectorMetrics metrics = ConnectorMetrics.noop();
        private int maxRedirects = 5;
        private int maxConnections = 16;
        private Duration responseTimeout = Duration.ofSeconds(60);
        private @Nullable Http11SslContextSpec ssl;

        private Builder(EgressAllowList allowList) {
            this.allowList = Objects.requireNonNull(allowList, "allowList");
        }

        /** Where denials are counted. */
        public Builder metrics(ConnectorMetrics value) {
            this.metrics = value;
            return this;
        }

        public Builder maxRedirects(int value) {
            this.maxRedirects = value;
            return this;
        }

        public Builder maxConnections(int value) {
            this.maxConnections = value;
            return this;
        }

        public Builder responseTimeout(Duration value) {
            this.responseTimeout = value;
            return this;
        }

        /**
         * Trusts exactly these certificates instead of the JVM's trust store, for servers with a
         * private CA or a test's self-signed certificate. Host names are still verified.
         */
        public Builder trustOnly(List<X509Certificate> certificates) {
            X509Certificate[] trusted = certificates.toArray(X509Certificate[]::new);
            this.ssl = Http11SslContextSpec.forClient().configure(tls -> tls.trustManager(trusted));
            return this;
        }

        public GuardedHttpClient build() {
            return new GuardedHttpClient(this);
        }
    }
}
