package dev.syncline.connector.hubspot;

import dev.syncline.connector.errors.PermanentConnectorException;
import dev.syncline.connector.policy.Decision;
import dev.syncline.connector.spi.BatchResult;
import dev.syncline.connector.spi.RecordBatch;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.connector.spi.SinkContext;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Writes batches to HubSpot through the context's guarded client. {@link #open} checks the URL
 * against the egress allow-list and the token (by preparing the properties it needs); each
 * {@link #write} is one {@link BatchWrite}. One pacer per connector keeps every request, retries
 * included, within the app's ten-second limit.
 */
final class HubSpotSinkConnector implements SinkConnector {
    private final HubSpotSettings settings;
    private final DeliveredState state;
    private volatile BatchWrite.@Nullable Parts parts;

    HubSpotSinkConnector(HubSpotSettings settings) {
        this.settings = settings;
        this.state = new DeliveredState(settings.cacheSize());
    }

    @Override
    public Mono<Void> open(SinkContext context) {
        return Mono.defer(() -> {
            Decision decision = context.http().allowList().check(settings.url());
            if (decision.denied()) {
                return Mono.error(new PermanentConnectorException(settings.path() + ".url: " + decision.reason()));
            }
            HubSpotClient client = new HubSpotClient(settings, context, new RequestPacer(settings.requestsPerTenSeconds()));
            StateReader reader = new StateReader(client);
            BatchWrite.Parts prepared = new BatchWrite.Parts(settings, client, reader, new UpsertCall(client, state, context.metrics()),
                    new Associator(client, reader, state, context.metrics(), settings.mappings(),
                            work -> settings.scopeIdsByAccount() ? work.record.key().accountId() + ":" : ""),
                    state);
            return new PropertySetup(client, settings).run().doOnSuccess(v -> this.parts = prepared);
        });
    }

    @Override
    public Mono<BatchResult> write(RecordBatch batch) {
        if (batch.size() == 0) {
            return Mono.just(new BatchResult(List.of()));
        }
        BatchWrite.Parts current = parts;
        if (current == null) {
            return Mono.error(new IllegalStateException("write before open"));
        }
        return Mono.defer(() -> new BatchWrite(current, batch).run());
    }

    @Override
    public Mono<Void> close() {
        // The guarded client belongs to the runner's context; the cache goes with this instance.
        return Mono.empty();
    }
}
