package dev.syncline.connector.hubspot;

import dev.syncline.connector.errors.PermanentConnectorException;
import dev.syncline.connector.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads what HubSpot holds for records the cache does not know, by batch read on the id
 * property (at most 100 per request): live records first, then, for targets that archive on
 * delete, the archived ones among those not found, because an archived record is a tombstone
 * whose version a stale upsert must not get past.
 */
final class StateReader {
    private final HubSpotClient client;

    StateReader(HubSpotClient client) {
        this.client = client;
    }

    /** HubSpot's state per id value, for the given ids of one target; absent ids are not in HubSpot. */
    Mono<Map<String, Work.Current>> read(TargetMapping target, List<String> ids, boolean includeArchived) {
        return readOnce(target, ids, false).flatMap(live -> {
            List<String> missing = ids.stream().filter(id -> !live.containsKey(id)).toList();
            if (!includeArchived || missing.isEmpty()) {
                return Mono.just(live);
            }
            return readOnce(target, missing, true).map(archived -> {
                Map<String, Work.Current> all = new HashMap<>(live);
                all.putAll(archived);
                return all;
            });
        });
    }

    private Mono<Map<String, Work.Current>> readOnce(TargetMapping target, List<String> ids, boolean archived) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(ids));
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < distinct.size(); i += 100) {
            chunks.add(distinct.subList(i, Math.min(distinct.size(), i + 100)));
        }
        List<String> properties = new ArrayList<>(List.of(target.idProperty()));
        properties.addAll(Bookkeeping.names());
        properties.addAll(target.propertyNames());
        return Flux.fromIterable(chunks)
                .concatMap(chunk -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("idProperty", target.idProperty());
                    body.put("properties", properties);
                    body.put("inputs", chunk.stream().map(id -> Map.of("id", id)).toList());
                    String what = "reading " + chunk.size() + " " + target.object() + (archived ? " (archived)" : "");
                    return client.call("POST", "v3/objects/" + target.object() + "/batch/read?archived=" + archived, body, what)
                            .map(response -> parse(response, target, archived, what));
                })
                .collectList()
                .map(maps -> {
                    Map<String, Work.Current> all = new HashMap<>();
                    maps.forEach(all::putAll);
                    return all;
                });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Work.Current> parse(HttpResponse response, TargetMapping target, boolean archived, String what) {
        if (HubSpotErrorClassifier.kind(response) != HubSpotErrorClassifier.Kind.ANSWERED) {
            throw new PermanentConnectorException("HubSpot refused " + what + ": " + HubSpotErrorClassifier.refusal(response));
        }
        Map<String, Work.Current> found = new HashMap<>();
        Map<String, @Nullable Object> body = HubSpotErrorClassifier.body(response);
        if (!(body.get("results") instanceof List<?> results)) {
            return found;
        }
        for (Object result : results) {
            if (!(result instanceof Map<?, ?> r) || !(r.get("properties") instanceof Map<?, ?> p)) {
                continue;
            }
            Map<String, @Nullable Object> props = (Map<String, @Nullable Object>) p;
            if (!(props.get(target.idProperty()) instanceof String idValue)) {
                continue;
            }
            Map<String, String> values = new HashMap<>();
            props.forEach((k, v) -> {
                if (v != null) {
                    values.put(k, String.valueOf(v));
                }
            });
            found.put(idValue, new Work.Current(String.valueOf(r.get("id")), version(values.get(Bookkeeping.VERSION)),
                    "true".equals(values.get(Bookkeeping.DELETED)), archived || Boolean.TRUE.equals(r.get("archived")),
                    values.getOrDefault(Bookkeeping.HASH, ""), null, values));
        }
        return found;
    }

    private static long version(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            return new java.math.BigDecimal(value.strip()).longValue();
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
