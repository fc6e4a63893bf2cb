package dev.syncline.connector.hubspot;

import dev.syncline.connector.http.HttpResponse;
import dev.syncline.connector.spi.ConnectorMetrics;
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
 *   <li>a conflict on a unique property held by another record (a 207 error of category
 *       {@code CONFLICT}, {@code Existing ID: N}), which for contacts means the email. If that
 *       record is linked to no Stripe object (a contact created by a form), it is linked, by setting
 *       the id property on it. If it is linked to another Stripe object, as when two customers share
 *       an email, the record is written again without {@code email} ({@link EmailConflicts}), or
 *       rejected under {@code on-email-conflict: reject}. Who holds the record is known without a
 *       request when this instance wrote it (this chunk, or {@link DeliveredState}); otherwise it is
 *       read. Only the conflicting inputs cost these extra requests.
 * </ul>
 */
final class UpsertCall {
    private static final Pattern EXISTING_ID = Pattern.compile("Existing ID: (\\d+)");

    private final HubSpotClient client;
    private final DeliveredState state;
    private final ConnectorMetrics metrics;

    UpsertCall(HubSpotClient client, DeliveredState state, ConnectorMetrics metrics) {
        this.client = client;
        this.state = state;
        this.metrics = metrics;
    }

    Mono<Void> send(TargetMapping target, List<Work> works) {
        List<List<Work>> chunks = new ArrayList<>();
        for (int i = 0; i < works.size(); i += 100) {
            chunks.add(works.subList(i, Math.min(works.size(), i + 100)));
        }
        EmailConflicts emails = new EmailConflicts(target, metrics, works);
        return Flux.fromIterable(chunks).concatMap(chunk -> chunk(target, chunk, emails))
                .then(Mono.fromRunnable(emails::report));
    }

    private Mono<Void> chunk(TargetMapping target, List<Work> chunk, EmailConflicts emails) {
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            Work work = chunk.get(i);
            inputs.add(input(target, work, i, work.send == null ? Map.of() : work.send));
        }
        String what = "upserting " + chunk.size() + " " + target.object();
        return client.call("POST", "v3/objects/" + target.object() + "/batch/upsert", Map.of("inputs", inputs), what)
                .flatMap(response -> {
                    if (HubSpotErrorClassifier.kind(response) == HubSpotErrorClassifier.Kind.REFUSED) {
                        return refused(target, chunk, response, emails);
                    }
                    List<Conflict> conflicts = apply(target, chunk, response, true);
                    return conflicts.isEmpty() ? Mono.empty() : settle(target, chunk, conflicts, emails);
                });
    }

    private static Map<String, Object> input(TargetMapping target, Work work, int trace, Map<String, String> properties) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("idProperty", target.idProperty());
        input.put("id", work.idValue);
        input.put("objectWriteTraceId", Integer.toString(trace));
        input.put("properties", properties);
        return input;
    }

    private Mono<Void> refused(TargetMapping target, List<Work> chunk, HttpResponse response, EmailConflicts emails) {
        Map<String, @Nullable Object> body = HubSpotErrorClassifier.body(response);
        if (chunk.size() == 1 && HubSpotErrorClassifier.isConflict(body)) {
            // A 409 for the one input: the same conflict a 207 reports per input.
            Matcher existing = EXISTING_ID.matcher(String.valueOf(body.get("message")));
            return settle(target, chunk, List.of(new Conflict(chunk.get(0), existing.find() ? existing.group(1) : null,
                    HubSpotErrorClassifier.refusal(response))), emails);
        }
        if (chunk.size() == 1) {
            chunk.get(0).outcome = RecordOutcome.rejected(HubSpotErrorClassifier.refusal(response));
            return Mono.empty();
        }
        int half = chunk.size() / 2;
        return chunk(target, chunk.subList(0, half), emails).then(chunk(target, chunk.subList(half, chunk.size()), emails));
    }

    /** A refused input: HubSpot's message, and the record holding the unique value if named. */
    private record Conflict(Work work, @Nullable String existingId, String message) {}

    /**
     * Settles a chunk's conflicts: links unlinked holders, and writes again without email (or
     * rejects) those whose holder belongs to another Stripe object.
     */
    private Mono<Void> settle(TargetMapping target, List<Work> chunk, List<Conflict> conflicts, EmailConflicts emails) {
        List<Conflict> unknownHolder = new ArrayList<>();
        List<Work> omit = new ArrayList<>();
        for (Conflict conflict : conflicts) {
            if (conflict.existingId() == null || conflict.work().current != null) {
                omitOrReject(conflict, "", emails, omit);
                continue;
            }
            String holder = knownHolder(target, emails.works(), conflict.existingId());
            if (holder == null || holder.equals(conflict.work().idValue)) {
                unknownHolder.add(conflict);
            } else {
                omitOrReject(conflict, " (that record is already linked to " + holder + ")", emails, omit);
            }
        }
        Mono<List<Conflict>> linked = unknownHolder.isEmpty() ? Mono.just(List.of()) : link(target, unknownHolder);
        return linked.flatMap(taken -> {
            taken.forEach(c -> omitOrReject(c, "", emails, omit));
            return omit.isEmpty() ? Mono.empty() : withoutEmail(target, omit, emails);
        });
    }

    private static void omitOrReject(Conflict conflict, String detail, EmailConflicts emails, List<Work> omit) {
        if (emails.mayOmit(conflict.work())) {
            omit.add(conflict.work());
        } else {
            conflict.work().outcome = RecordOutcome.rejected(conflict.message() + detail);
        }
    }

    /** The id value the HubSpot record was written under by this instance (this write, or before), if it knows. */
    private @Nullable String knownHolder(TargetMapping target, List<Work> works, String hubspotId) {
        for (Work work : works) {
            if (hubspotId.equals(work.hubspotId)) {
                return work.idValue;
            }
        }
        return state.holder(target.object(), hubspotId).orElse(null);
    }

    /** One more upsert of the works, without their email; a conflict now is a rejection. */
    private Mono<Void> withoutEmail(TargetMapping target, List<Work> works, EmailConflicts emails) {
        List<Map<String, Object>> inputs = new ArrayList<>();
        for (int i = 0; i < works.size(); i++) {
            inputs.add(input(target, works.get(i), i, EmailConflicts.withoutEmail(works.get(i))));
        }
        String what = "upserting " + works.size() + " " + target.object() + " without the email other records hold";
        return client.call("POST", "v3/objects/" + target.object() + "/batch/upsert", Map.of("inputs", inputs), what)
                .doOnNext(response -> {
                    if (HubSpotErrorClassifier.kind(response) == HubSpotErrorClassifier.Kind.REFUSED) {
                        String reason = HubSpotErrorClassifier.refusal(response);
                        works.forEach(w -> w.outcome = RecordOutcome.rejected(reason));
                        return;
                    }
                    apply(target, works, response, false);
                    emails.written(works);
                })
                .then();
    }

    /**
     * Sets the outcome of each input from a 200 or 207; returns the conflicts left to settle
     * (none when {@code settleConflicts} is false: they are rejected).
     */
    @SuppressWarnings("unchecked")
    private static List<Conflict> apply(TargetMapping target, List<Work> chunk, HttpResponse response, boolean settleConflicts) {
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
                    if (settleConflicts && HubSpotErrorClassifier.isConflict(err)) {
                        Matcher existing = EXISTING_ID.matcher(String.valueOf(err.get("message")));
                        conflicts.add(new Conflict(work, existing.find() ? existing.group(1) : null, message));
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

    /**
     * Reads the holders of the conflicts and links those linked to no Stripe object; returns the
     * conflicts whose holder is taken (or gone, or linked twice in this chunk) for the caller to settle.
     */
    @SuppressWarnings("unchecked")
    private Mono<List<Conflict>> link(TargetMapping target, List<Conflict> conflicts) {
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
                    List<Conflict> taken = new ArrayList<>();
                    for (Conflict conflict : conflicts) {
                        String holder = linkedTo.get(conflict.existingId());
                        boolean other = holder != null && !holder.isEmpty() && !holder.equals(conflict.work().idValue);
                        boolean twice = linkable.stream().anyMatch(l -> l.existingId().equals(conflict.existingId()));
                        if (holder == null || other || twice) {
                            taken.add(other ? new Conflict(conflict.work(), conflict.existingId(),
                                    conflict.message() + " (that record is already linked to " + holder + ")") : conflict);
                            continue;
                        }
                        Map<String, String> properties = new LinkedHashMap<>(conflict.work().send == null ? Map.of() : conflict.work().send);
                        properties.put(target.idProperty(), conflict.work().idValue);
                        inputs.add(Map.of("id", conflict.existingId(), "objectWriteTraceId", Integer.toString(linkable.size()),
                                "properties", properties));
                        linkable.add(conflict);
                    }
                    if (inputs.isEmpty()) {
                        return Mono.just(taken);
                    }
                    return client.call("POST", "v3/objects/" + target.object() + "/batch/update", Map.of("inputs", inputs),
                                    "linking " + inputs.size() + " existing " + target.object())
                            .doOnNext(r -> apply(target, linkable.stream().map(Conflict::work).toList(), r, false))
                            .thenReturn(taken);
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
