package dev.syncline.runner.backfill;

import dev.syncline.connector.record.Origin;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.runner.catalog.StripeObjectType;
import dev.syncline.runner.pipeline.PipelineProgress;
import dev.syncline.runner.stripe.ListPage;
import dev.syncline.runner.stripe.StripeApi;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads every object of one type through Stripe's list API, in every pass the type needs (see
 * {@link StripeObjectType#listPasses()}).
 *
 * <p>Paging is demand-driven: the next page is requested only when downstream has asked for more
 * records, so a slow destination slows the list calls instead of filling memory.
 */
public final class Backfill {
    static final int PAGE_SIZE = 100;

    private final StripeApi api;
    private final String accountId;
    private final PipelineProgress progress;

    public Backfill(StripeApi api, String accountId, PipelineProgress progress) {
        this.api = api;
        this.accountId = accountId;
        this.progress = progress;
    }

    /** Every object of {@code type}, as records versioned by the second Stripe answered. */
    public Flux<SyncRecord> records(StripeObjectType type) {
        return Flux.fromIterable(type.listPasses())
                .concatMap(pass -> pages(type, pass))
                .concatMapIterable(page -> toRecords(type, page))
                .doOnComplete(() -> progress.of(type.name()).readComplete());
    }

    private Flux<ListPage> pages(StripeObjectType type, Map<String, String> pass) {
        return fetch(type, pass, null)
                .expand(page -> page.hasMore() && !page.data().isEmpty() ? fetch(type, pass, page.lastId()) : Mono.empty());
    }

    private Mono<ListPage> fetch(StripeObjectType type, Map<String, String> pass, @Nullable String cursor) {
        return api.list(type, pass, cursor, PAGE_SIZE).doOnNext(page -> progress.of(type.name()).pageRead(page.data().size()));
    }

    private List<SyncRecord> toRecords(StripeObjectType type, ListPage page) {
        return page.data().stream().map(object -> toRecord(type, object, page.readAt())).toList();
    }

    private SyncRecord toRecord(StripeObjectType type, Map<String, @Nullable Object> object, long version) {
        String id = String.valueOf(object.get("id"));
        return Boolean.TRUE.equals(object.get("deleted"))
                ? SyncRecord.delete(accountId, type.name(), id, version, Origin.BACKFILL, object)
                : SyncRecord.upsert(accountId, type.name(), id, version, Origin.BACKFILL, object);
    }
}
