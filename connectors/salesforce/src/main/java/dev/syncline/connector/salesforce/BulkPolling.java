package dev.syncline.connector.salesforce;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The wait between Bulk job status polls: {@code first}, then doubling up to {@link #MAX_INTERVAL}.
 * Jobs of a few thousand rows finish in seconds, large ones in minutes; doubling keeps both cheap
 * in API calls without adding much latency to the small ones.
 */
final class BulkPolling {
    static final Duration MAX_INTERVAL = Duration.ofSeconds(10);
    static final Set<String> TERMINAL = Set.of("JobComplete", "Failed", "Aborted");

    private BulkPolling() {}

    /** Polls {@code status} until the job's {@code state} is terminal; the job info it ended with. */
    static Mono<Map<String, @Nullable Object>> untilDone(Supplier<Mono<Map<String, @Nullable Object>>> status, Duration first) {
        return poll(status, first);
    }

    private static Mono<Map<String, @Nullable Object>> poll(Supplier<Mono<Map<String, @Nullable Object>>> status, Duration wait) {
        return Mono.delay(wait).then(Mono.defer(status)).flatMap(info -> {
            if (TERMINAL.contains(String.valueOf(info.get("state")))) {
                return Mono.just(info);
            }
            Duration next = wait.multipliedBy(2);
            return poll(status, next.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : next);
        });
    }
}
