package dev.syncline.connector.salesforce;

import dev.syncline.connector.errors.PermanentConnectorException;
import dev.syncline.connector.policy.Decision;
import dev.syncline.connector.record.Origin;
import dev.syncline.connector.spi.BatchResult;
import dev.syncline.connector.spi.RecordBatch;
import dev.syncline.connector.spi.RecordOutcome;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.connector.spi.SinkContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes each batch as upserts by external id, target sObject by target sObject in mapping order
 * (parents first: a Contact references its Account by the Account's external id, so the Account
 * must be written before). A record whose parent write failed is not sent to the later targets,
 * and carries the parent's error. Per-record refusals are dead-lettered with Salesforce's
 * {@code statusCode} and message; the rest of the batch is applied.
 */
final class SalesforceSinkConnector implements SinkConnector {
    private final SalesforceSettings settings;
    private final DeliveryCache cache;
    private final BulkPolicy bulkPolicy;
    private volatile @Nullable SinkContext context;
    private volatile @Nullable SalesforceApi api;
    private volatile @Nullable OrgSchema schema;
    private volatile @Nullable CollectionsWriter collections;
    private volatile @Nullable BulkWriter bulk;

    SalesforceSinkConnector(SalesforceSettings settings) {
        this.settings = settings;
        this.cache = new DeliveryCache(settings.changeCacheSize());
        this.bulkPolicy = new BulkPolicy(settings.bulkThreshold());
    }

    @Override
    public Mono<Void> open(SinkContext sinkContext) {
        return Mono.defer(() -> {
            Decision decision = sinkContext.http().allowList().check(settings.loginUrl() + "/services/oauth2/token");
            if (decision.denied()) {
                return Mono.error(new PermanentConnectorException(settings.path() + ".url: " + decision.reason()));
            }
            SalesforceApi client = new SalesforceApi(settings, sinkContext, new ApiPacer(settings.maxApiUsagePercent()));
            CollectionsWriter writer = new CollectionsWriter(client);
            this.context = sinkContext;
            this.api = client;
            this.collections = writer;
            this.bulk = new BulkWriter(client, writer, settings.bulkPollInterval(), settings.bulkTimeout());
            return client.authenticate().then(OrgSchema.read(client, settings.mappings())).doOnNext(s -> this.schema = s).then();
        });
    }

    @Override
    public Mono<BatchResult> write(RecordBatch batch) {
        if (batch.size() == 0) {
            return Mono.just(new BatchResult(List.of()));
        }
        OrgSchema org = schema;
        SinkContext current = context;
        if (org == null || current == null) {
            return Mono.error(new IllegalStateException("write before open"));
        }
        return Mono.defer(() -> {
            BatchPlan plan = BatchPlan.plan(batch.records(), settings.mappings(), cache, org);
            return Flux.fromIterable(settings.mappings().all())
                    .concatMap(target -> send(target, plan))
                    .then(Mono.fromCallable(() -> finish(plan, current)));
        });
    }

    /** Sends one target's share of the batch and records failures in the plan's outcomes. */
    private Mono<Void> send(TargetMapping target, BatchPlan plan) {
        List<BatchPlan.Delivery> deliveries = new ArrayList<>();
        List<Map<String, @Nullable Object>> fields = new ArrayList<>();
        int backfill = 0;
        for (BatchPlan.Delivery d : plan.deliveries) {
            Map<String, @Nullable Object> values = d.sends().get(target);
            // A record whose parent was refused would only be refused again, for its parent's reason.
            if (values != null && (plan.outcomes[d.index()] == null || d.record().isDelete())) {
                deliveries.add(d);
                fields.add(values);
                backfill += d.record().origin() == Origin.BACKFILL ? 1 : 0;
            }
        }
        boolean useBulk = bulkPolicy.useBulk(target.target(), fields.size(), backfill);
        if (fields.isEmpty()) {
            return Mono.empty();
        }
        SinkContext current = java.util.Objects.requireNonNull(context);
        current.metrics().increment("syncline.salesforce.records.sent", fields.size(), "pipeline", current.pipeline(),
                "object", target.sObject(), "api", useBulk ? "bulk" : "collections");
        Mono<List<RecordResult>> results = useBulk ? java.util.Objects.requireNonNull(bulk).upsert(target, fields)
                : java.util.Objects.requireNonNull(collections).upsert(target, fields);
        return results.doOnNext(list -> {
            for (int i = 0; i < list.size(); i++) {
                RecordResult result = list.get(i);
                BatchPlan.Delivery d = deliveries.get(i);
                if (result.success() || (d.record().isDelete() && SalesforceErrorClassifier.absentOnDelete(result.statusCode()))) {
                    continue;
                }
                String reason = "Salesforce " + target.sObject() + " refused it: " + result.reason();
                plan.outcomes[d.index()] = SalesforceErrorClassifier.retriableRecord(result.statusCode())
                        ? RecordOutcome.failed(reason) : RecordOutcome.rejected(reason);
            }
        }).then();
    }

    private BatchResult finish(BatchPlan plan, SinkContext current) {
        for (BatchPlan.Delivery d : plan.deliveries) {
            if (plan.outcomes[d.index()] == null) {
                plan.outcomes[d.index()] = RecordOutcome.APPLIED;
            }
            RecordOutcome.Status status = plan.outcomes[d.index()].status();
            if (status == RecordOutcome.Status.APPLIED || status == RecordOutcome.Status.UNCHANGED) {
                cache.put(d.record().key(), new DeliveryCache.Entry(d.record().version(), d.record().isDelete(), d.hashes()));
            }
        }
        List<RecordOutcome> outcomes = Arrays.asList(plan.outcomes);
        long rejected = outcomes.stream().filter(o -> o.status() == RecordOutcome.Status.REJECTED).count();
        if (rejected > 0) {
            current.metrics().increment("syncline.salesforce.records.rejected", rejected, "pipeline", current.pipeline());
        }
        return new BatchResult(outcomes);
    }

    /** The usage Salesforce reported last, for tests and diagnostics. */
    @Nullable ApiUsage lastApiUsage() {
        SalesforceApi client = api;
        return client == null ? null : client.pacer().lastUsage();
    }

    int cachedObjects() {
        return cache.size();
    }

    @Override
    public Mono<Void> close() {
        // The guarded client belongs to the runner's context; sessions simply lapse.
        return Mono.empty();
    }
}
