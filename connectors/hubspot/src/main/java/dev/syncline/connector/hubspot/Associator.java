package dev.syncline.connector.hubspot;

import dev.syncline.connector.spi.ConnectorMetrics;
import dev.syncline.connector.spi.RecordOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Associates written records with the records of the Stripe objects they reference (a deal with
 * its customer's contact and company) through {@code batch/associate/default} of the v4 API, after
 * the upsert, since batch upserts cannot carry associations. HubSpot's default association is
 * idempotent, so associating again on every write is harmless and heals a missed one.
 *
 * <p>A referenced object that is not in HubSpot (yet) leaves the record written without that
 * association; it is counted ({@code syncline.hubspot.associations.missing}) and logged, and made the
 * next time the record is written. Association failures never fail the record: its data is in HubSpot.
 */
final class Associator {
    private static final Logger log = LoggerFactory.getLogger(Associator.class);

    private final HubSpotClient client;
    private final StateReader reader;
    private final DeliveredState state;
    private final ConnectorMetrics metrics;
    private final Map<String, List<TargetMapping>> mappings;
    private final Function<Work, String> scope;

    Associator(HubSpotClient client, StateReader reader, DeliveredState state, ConnectorMetrics metrics,
               Map<String, List<TargetMapping>> mappings, Function<Work, String> scope) {
        this.client = client;
        this.reader = reader;
        this.state = state;
        this.metrics = metrics;
        this.mappings = mappings;
        this.scope = scope;
    }

    /** Associates every applied, non-deleted work of {@code target} with its referenced records. */
    Mono<Void> associate(TargetMapping target, List<Work> works) {
        List<Work> written = works.stream()
                .filter(w -> w.outcome == RecordOutcome.APPLIED && w.hubspotId != null && !w.record.isDelete()).toList();
        if (written.isEmpty() || target.associate().isEmpty()) {
            return Mono.empty();
        }
        return Flux.fromIterable(target.associate())
                .concatMap(type -> Flux.fromIterable(mappings.getOrDefault(type, List.of()))
                        .concatMap(to -> associate(target, written, type, to)))
                .then();
    }

    private Mono<Void> associate(TargetMapping from, List<Work> written, String type, TargetMapping to) {
        Map<Work, String> referenced = new LinkedHashMap<>();
        for (Work work : written) {
            String id = Projection.referencedId(work.record.payload(), type);
            if (id != null) {
                referenced.put(work, scope.apply(work) + id);
            }
        }
        List<String> unknown = referenced.values().stream().distinct()
                .filter(id -> state.get(to.object(), id).isEmpty()).toList();
        Mono<Map<String, Work.Current>> lookup = unknown.isEmpty() ? Mono.just(Map.of()) : reader.read(to, unknown, false);
        return lookup.flatMap(found -> {
            List<Map<String, Object>> inputs = new ArrayList<>();
            referenced.forEach((work, id) -> {
                String toId = hubspotId(to, id, found);
                if (toId == null) {
                    metrics.increment("syncline.hubspot.associations.missing", 1, "from", from.object(), "to", to.object());
                    log.info("{} {} written without its association to {} {}: that record is not in HubSpot yet",
                            from.object(), work.idValue, to.object(), id);
                } else {
                    inputs.add(Map.of("from", Map.of("id", work.hubspotId), "to", Map.of("id", toId)));
                }
            });
            return Flux.range(0, (inputs.size() + 99) / 100)
                    .concatMap(i -> client.call("POST", "v4/associations/" + from.object() + "/" + to.object()
                                    + "/batch/associate/default", Map.of("inputs", inputs.subList(i * 100, Math.min(inputs.size(), i * 100 + 100))),
                            "associating " + from.object() + " with " + to.object()))
                    .doOnNext(response -> {
                        Object errors = HubSpotErrorClassifier.body(response).get("errors");
                        int failed = errors instanceof List<?> list ? list.size()
                                : HubSpotErrorClassifier.kind(response) == HubSpotErrorClassifier.Kind.REFUSED ? 1 : 0;
                        if (failed > 0) {
                            metrics.increment("syncline.hubspot.associations.failed", failed, "from", from.object(), "to", to.object());
                            log.warn("HubSpot refused {} associations from {} to {}: {}", failed, from.object(), to.object(),
                                    HubSpotErrorClassifier.refusal(response));
                        }
                    })
                    .then();
        });
    }

    private @Nullable String hubspotId(TargetMapping to, String idValue, Map<String, Work.Current> found) {
        return state.get(to.object(), idValue).filter(e -> !e.archived()).map(DeliveredState.Entry::hubspotId)
                .orElseGet(() -> {
                    Work.Current current = found.get(idValue);
                    return current == null || current.archived() ? null : current.hubspotId();
                });
    }
}
