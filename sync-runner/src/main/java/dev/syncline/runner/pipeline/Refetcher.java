package dev.syncline.runner.pipeline;

import dev.syncline.connector.record.Origin;
import dev.syncline.connector.record.RecordKey;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.runner.stripe.ObjectPaths;
import dev.syncline.runner.stripe.StripeApi;
import dev.syncline.runner.stripe.StripeApiException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Reads the latest state of one object from Stripe, as a {@link Origin#REFETCH} record versioned
 * by the second Stripe answered. Used to resolve a same-second tie (two states share a version)
 * and for change notices (thin events, or types configured to be refetched).
 *
 * <p>A refetch only counts if Stripe answered after the second it must be newer than: a read in
 * that same second could miss a change made later in it, so such a read is repeated a second
 * later. A deleted object reads as Stripe's deleted stub and becomes a tombstone.
 */
public final class Refetcher {
    private static final Logger log = LoggerFactory.getLogger(Refetcher.class);
    private static final int MAX_READS = 5;

    private final StripeApi api;
    private final String platformAccount;

    public Refetcher(StripeApi api, String platformAccount) {
        this.api = api;
        this.platformAccount = platformAccount;
    }

    /**
     * The object's state read after second {@code after}; empty if Stripe does not know the object
     * (or this type has no retrieve endpoint), which is logged.
     *
     * @param known the last state seen, to find objects read under their parent
     */
    public Mono<Optional<SyncRecord>> latest(RecordKey key, @Nullable Map<String, @Nullable Object> known, long after) {
        Optional<String> path = ObjectPaths.of(key.objectType(), key.id(), known);
        if (path.isEmpty()) {
            log.warn("{} has no retrieve endpoint; its event state is kept as it is", key.objectType());
            return Mono.just(Optional.empty());
        }
        String account = platformAccount.equals(key.accountId()) ? null : key.accountId();
        return read(key, path.get(), account, after, 1);
    }

    private Mono<Optional<SyncRecord>> read(RecordKey key, String path, @Nullable String account, long after, int attempt) {
        return api.retrieve(path, account)
                .flatMap(read -> {
                    if (read.readAt() <= after && attempt < MAX_READS) {
                        return Mono.delay(Duration.ofSeconds(1)).then(read(key, path, account, after, attempt + 1));
                    }
                    Map<String, @Nullable Object> object = read.object();
                    long version = Math.max(read.readAt(), after + 1);
                    SyncRecord record = Boolean.TRUE.equals(object.get("deleted"))
                            ? SyncRecord.delete(key.accountId(), key.objectType(), key.id(), version, Origin.REFETCH, object)
                            : SyncRecord.upsert(key.accountId(), key.objectType(), key.id(), version, Origin.REFETCH, object);
                    return Mono.just(Optional.of(record));
                })
                .onErrorResume(StripeApiException.class, e -> {
                    if (e.status() == 404) {
                        log.warn("Stripe does not know {} any more ({}); nothing to refetch", key, e.getMessage());
                        return Mono.just(Optional.empty());
                    }
                    return Mono.error(e);
                });
    }
}
