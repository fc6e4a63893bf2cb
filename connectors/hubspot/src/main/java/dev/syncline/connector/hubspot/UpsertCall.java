package dev.syncline.connector.hubspot;

import dev.syncline.connector.http.HttpResponse;
import dev.syncline.connector.spi.RecordOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Batch upserts of one target's works, at most 100 inputs a request, each input carrying an
 * {@code objectWriteTraceId} so that HubSpot answers a partial failure as a 207 naming the failed
 * inputs. Those are rejected with HubSpot's message; the rest are applied.
 *
 * <p>Two refusals get a second look:
 * <ul>
 *   <li>a whole request refused (400) is split in halves until the refused input stands alone, so
 *       one bad record does not dead-letter a hundred good ones (at most about 14 extra requests);
 *   <li>a conflict on a unique property held by another record ({@code Existing ID: N}, typically a
 *       contact with the same email created by a form) links that record instead, by setting the
 *       id property on it, unless it is already linked to another Stripe object.
 * </ul>
 */
final class UpsertCall {
    private static final Pattern EXISTING_ID = Pattern.compile("Existing ID: (\\d+)");

    private final HubSpotClient client;

    UpsertCall(HubSpotClient client) {
        this.client = client;
    }

    Mono<Void> send(TargetMapping target, List<Work> works) {
        List<List<Work>> chunks = new ArrayList<>();
        for (int i = 0; i < works.size(); i += 100) {
            chunks.add(works.subList(i, Math.min(works.size(), i + 100)));
        }
        return Flux.fromIterable(chunks).concatMap(chunk -> chunk(target, chunk)).then();
    }

    private Mono<Void> chunk(TargetMapping target, List<Work> chunk) {
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            Work work = chunk.get(i);
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("idProperty", target.idProperty());
            input.put("id", work.idValue);
            input.put("objectWriteTraceId", Integer.toString(i));
            input.put("properties", work.send == null ? Map.of() : work.send);
            inputs.add(input);
        }
        String what = "upserting " + chunk.size() + " " + target.object();
        return client.call("POST", "v3/objects/" + target.object() + "/batch/upsert", Map.of("inputs", inputs), what)
                .flatMap(response -> {
                    if (HubSpotErrorClassifier.kind(response) == HubSpotErrorClassifier.Kind.REFUSED) {
                        return refused(target, chunk, response);
                    }
                    List<Conflict> conflicts = apply(target, chunk, response);
                    return conflicts.isEmpty() ? Mono.empty() : link(target, conflicts);
                });
    }

    private Mono<Void> refused(TargetMapping target, List<Work> chunk, HttpResponse response) {
        if (chunk.size() == 1) {
            chunk.get(0).outcome = RecordOutcome.rejected(HubSpotErrorClassifier.refusal(response));
            return Mono.empty();
        }
        int half = chunk.size() / 2;
        return chunk(target, chunk.subList(0, half)).then(chunk(target, chunk.subList(half, chunk.size())));
    }

    private record Conflict(Work work, String existingId, String message) {}

    /** Sets the outcome of each input from a 200 or 207; returns the conflicts that may be linked. */
    @SuppressWarnings("unchecked")
    private static List<Conflict> apply(TargetMapping target, List<Work> chunk, HttpResponse response) {
        Map<String, @Nullable Object> body = HubSpotErrorClassifier.body(response);
        Map<String, Work> byId = new HashMap<>();
        chunk.forEach(w -> byId.put(w.idValue, w));
        if (body.get("results") instanceof List<?> results) {
            for (Object result : results) {
                if (result instanceof Map<?, ?> r) {
                    Work work = locate(chunk, byId, (Map<String, @Nullable Object>) r, target);
                    if (work != null) {
                        work.hubspotId = String.valueOf(r.get("id"));
                        work.outcome = RecordOutcome.APPLIED;
                    }
                }
            }
        }
        List<Conflict> conflicts = new ArrayList<>();
        if (body.get("errors") instanceof List<?> errors) {
            for (Object error : errors) {
                if (!(error instanceof Map<?, ?> e)) {
                    continue;
                }
                Map<String, @Nullable Object> err = (Map<String, @Nullable Object>) e;
                String message = "HubSpot " + err.getOrDefault("category", "error") + ": " + err.getOrDefault("message", "");
                for (Work work : errorTargets(chunk, byId, err)) {
                    Matcher existing = EXISTING_ID.matcher(String.valueOf(err.get("message")));
                    if ("CONFLICT".equals(err.get("category")) && existing.find() && work.current == null) {
                        conflicts.add(new Conflict(work, existing.group(1), message));
                    } else {
                        work.outcome = RecordOutcome.rejected(message);
                    }
                }
            }
        }
        for (Work work : chunk) {
            if (work.outcome == null && conflicts.stream().noneMatch(c -> c.work() == work)) {
                work.outcome = RecordOutcome.failed("HubSpot answered " + response.status() + " without a result for this input");
            }
        }
        return conflicts;
    }

    @SuppressWarnings("unchecked")
    private Mono<Void> link(TargetMapping target, List<Conflict> conflicts) {
        Map<String, Object> read = new LinkedHashMap<>();
        read.put("properties", List.of(target.idProperty()));
        read.put("inputs", conflicts.stream().map(c -> Map.of("id", c.existingId())).distinct().toList());
        return client.call("POST", "v3/objects/" + target.object() + "/batch/read?archived=false", read,
                        "reading " + conflicts.size() + " conflicting " + target.object())
                .flatMap(response -> {
                    Map<String, String> linkedTo = new HashMap<>();
                    Map<String, @Nullable Object> body = HubSpotErrorClassifier.body(response);
                    if (body.get("results") instanceof List<?> results) {
                        for (Object r : results) {
                            Map<String, @Nullable Object> result = (Map<String, @Nullable Object>) r;
                            Object value = ((Map<String, @Nullable Object>) result.get("properties")).get(target.idProperty());
                            linkedTo.put(String.valueOf(result.get("id")), value == null ? "" : String.valueOf(value));
                        }
                    }
                    List<Map<String, Object>> inputs = new ArrayList<>();
                    List<Conflict> linkable = new ArrayList<>();
                    for (Conflict conflict : conflicts) {
                        String holder = linkedTo.get(conflict.existingId());
                        boolean taken = holder != null && !holder.isEmpty() && !holder.equals(conflict.work().idValue);
                        boolean twice = linkable.stream().anyMatch(l -> l.existingId().equals(conflict.existingId()));
                        if (holder == null || taken || twice) {
                            conflict.work().outcome = RecordOutcome.rejected(conflict.message()
                                    + (taken ? " (that record is already linked to " + holder + ")" : ""));
                            continue;
                        }
                        Map<String, String> properties = new LinkedHashMap<>(conflict.work().send == null ? Map.of() : conflict.work().send);
                        properties.put(target.idProperty(), conflict.work().idValue);
                        inputs.add(Map.of("id", conflict.existingId(), "objectWriteTraceId", Integer.toString(linkable.size()),
                                "properties", properties));
                        linkable.add(conflict);
                    }
                    if (inputs.isEmpty()) {
                        return Mono.empty();
                    }
                    return client.call("POST", "v3/objects/" + target.object() + "/batch/update", Map.of("inputs", inputs),
                                    "linking " + inputs.size() + " existing " + target.object())
                            .doOnNext(r -> apply(target, linkable.stream().map(Conflict::work).toList(), r))
                            .then();
                });
    }

    private static @Nullable Work locate(List<Work> chunk, Map<String, Work> byId, Map<String, @Nullable Object> result, TargetMapping target) {
        if (result.get("objectWriteTraceId") instanceof String trace && trace.matches("\\d+")) {
            int index = Integer.parseInt(trace);
            return index < chunk.size() ? chunk.get(index) : null;
        }
        if (result.get("properties") instanceof Map<?, ?> properties && properties.get(target.idProperty()) instanceof String id) {
            return byId.get(id);
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static List<Work> errorTargets(List<Work> chunk, Map<String, Work> byId, Map<String, @Nullable Object> error) {
        List<Work> found = new ArrayList<>();
        if (error.get("context") instanceof Map<?, ?> context) {
            Object traces = ((Map<String, @Nullable Object>) context).get("objectWriteTraceId");
            if (traces instanceof List<?> list) {
                for (Object trace : list) {
                    String t = String.valueOf(trace);
                    if (t.matches("\\d+") && Integer.parseInt(t) < chunk.size()) {
                        found.add(chunk.get(Integer.parseInt(t)));
                    }
                }
            }
            if (found.isEmpty() && ((Map<String, @Nullable Object>) context).get("ids") instanceof List<?> ids) {
                ids.forEach(id -> {
                    Work work = byId.get(String.valueOf(id));
                    if (work != null) {
                        found.add(work);
                    }
                });
            }
        }
        return found;
    }
}
