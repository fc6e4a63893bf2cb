package dev.syncline.runner.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The status page: one static HTML file with a small script that reads {@code /status} every few
 * seconds. Nothing is loaded from elsewhere, so it works offline and under a strict
 * Content-Security-Policy that allows only the page's own origin and inline code.
 */
final class StatusPage {
    private static final String RESOURCE = "/dev/syncline/runner/app/status.html";

    private StatusPage() {}

    /** The page, read once from the classpath. */
    static String html() {
        try (InputStream in = StatusPage.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the status page " + RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Mono<ServerResponse> serve(String page) {
        return ServerResponse.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noCache())
                .header("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:")
                .bodyValue(page);
    }
}
