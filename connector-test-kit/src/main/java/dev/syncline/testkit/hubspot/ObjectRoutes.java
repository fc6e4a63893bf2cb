package dev.syncline.testkit.hubspot;

import dev.syncline.connector.record.Json;
import dev.syncline.testkit.http.FakeHttpsServer.Reply;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The object record endpoints: batch upsert, read, create, archive, single read and search. */
final class ObjectRoutes {
    static final int BATCH_LIMIT = 100;

    private final FakeHubSpot hubspot;

    ObjectRoutes(FakeHubSpot hubspot) {
        this.hubspot = hubspot;
    }

    Reply handle(String method, ObjectStore store, String rest, Map<String, String> query, byte[] body) {
        if (method.equals("POST")) {
            return switch (rest) {
                case "batch/upsert" -> upsert(store, inputs(body));
                case "batch/create" -> create(store, inputs(body));
                case "batch/update" -> update(store, inputs(body));
                case "batch/read" -> read(store, Json.parseObject(body), "true".equals(query.get("archived")));
                case "batch/archive" -> archive(store, inputs(body));
                case "search" -> search(store, Json.parseObject(body));
                default -> FakeHubSpot.notFound("No route for POST " + rest);
            };
        }
        if (method.equals("GET") && !rest.isEmpty() && !rest.contains("/")) {
            String idProperty = query.getOrDefault("idProperty", "hs_object_id");
            return store.find(idProperty, rest, "true".equals(query.get("archived")))
                    .map(r -> Reply.json(200, Json.write(view(r, null))))
                    .orElseGet(() -> FakeHubSpot.notFound("Object not found.  objectId are usually numeric."));
        }
        return FakeHubSpot.notFound("No route for " + method + " " + rest);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, @Nullable Object>> inputs(byte[] body) {
        Object inputs = Json.parseObject(body).get("inputs");
        return inputs instanceof List<?> list ? (List<Map<String, @Nullable Object>>) list : List.of();
    }

    private @Nullable Reply limits(List<Map<String, @Nullable Object>> inputs) {
        if (inputs.size() > BATCH_LIMIT) {
            return Reply.json(400, FakeHubSpot.errorBody("Batch input size " + inputs.size()
                    + " exceeds the limit of " + BATCH_LIMIT + " inputs", "VALIDATION_ERROR"));
        }
        return null;
    }

    private Reply upsert(ObjectStore store, List<Map<String, @Nullable Object>> inputs) {
        Reply tooMany = limits(inputs);
        if (tooMany != null) {
            return tooMany;
        }
        Set<String> seen = new LinkedHashSet<>();
        Set<String> duplicates = new LinkedHashSet<>();
        for (Map<String, @Nullable Object> input : inputs) {
            String id = String.valueOf(input.get("id"));
            if (!seen.add(id)) {
                duplicates.add(id);
            }
        }
        if (!duplicates.isEmpty()) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("status", "error");
            error.put("message", "Duplicate IDs found in batch input: " + duplicates + ". IDs must be unique");
            error.put("correlationId", UUID.randomUUID().toString());
            error.put("context", Map.of("ids", List.copyOf(duplicates)));
            error.put("category", "VALIDATION_ERROR");
            return Reply.json(400, Json.write(error));
        }
        boolean traced = inputs.stream().allMatch(i -> i.get("objectWriteTraceId") != null);
        List<Map<String, Object>> errors = new ArrayList<>();
        List<Map<String, @Nullable Object>> valid = new ArrayList<>();
        for (Map<String, @Nullable Object> input : inputs) {
            String problem = upsertProblem(store, input);
            if (problem == null) {
                valid.add(input);
            } else {
                errors.add(inputError(problem.startsWith("A ") ? "CONFLICT" : "VALIDATION_ERROR", problem, input));
            }
        }
        if (!errors.isEmpty() && !traced) {
            // Without trace ids HubSpot cannot say which input failed: the whole batch is refused.
            return Reply.json(400, FakeHubSpot.errorBody(String.valueOf(errors.get(0).get("message")), "VALIDATION_ERROR"));
        }
        Instant now = hubspot.now();
        List<Map<String, @Nullable Object>> results = new ArrayList<>();
        for (Map<String, @Nullable Object> input : valid) {
            String idProperty = idProperty(input);
            String id = String.valueOf(input.get("id"));
            Map<String, String> values = values(input);
            Optional<ObjectStore.MutableRecord> existing = store.find(idProperty, id, false);
            Optional<String> conflict = store.conflict(existing.orElse(null), values);
            if (conflict.isPresent()) {
                // Found only now, against inputs written earlier in the same batch.
                errors.add(inputError("CONFLICT", conflict.get(), input));
                continue;
            }
            ObjectStore.MutableRecord record;
            if (existing.isPresent()) {
                record = existing.get();
                store.write(record, values, now);
            } else {
                values.put(idProperty, id);
                record = store.create(values, now);
            }
            Map<String, @Nullable Object> result = view(record, input.get("objectWriteTraceId"));
            result.put("new", existing.isEmpty());
            results.add(result);
        }
        return batchAnswer(200, results, errors);
    }

    private @Nullable String upsertProblem(ObjectStore store, Map<String, @Nullable Object> input) {
        String idProperty = idProperty(input);
        HubSpotProperty definition = store.properties().get(idProperty);
        if (definition == null || !definition.hasUniqueValue() || idProperty.equals("hs_object_id")) {
            return "Property " + idProperty + " is not a unique identifier property of " + store.name();
        }
        String id = String.valueOf(input.get("id"));
        if (hubspot.rejected(id)) {
            return "Property values were not valid: the input " + id + " was refused by the portal's validation rules";
        }
        Map<String, String> values = values(input);
        List<ObjectStore.Invalid> invalid = store.validate(values);
        if (!invalid.isEmpty()) {
            return "Property values were not valid: " + Json.write(invalid.stream().map(i -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("isValid", false);
                entry.put("message", i.message());
                entry.put("error", i.code());
                entry.put("name", i.property());
                entry.put("localizedErrorMessage", i.message());
                return entry;
            }).toList());
        }
        Optional<ObjectStore.MutableRecord> existing = store.find(idProperty, id, false);
        return store.conflict(existing.orElse(null), values).orElse(null);
    }

    private Reply create(ObjectStore store, List<Map<String, @Nullable Object>> inputs) {
        Reply tooMany = limits(inputs);
        if (tooMany != null) {
            return tooMany;
        }
        List<Map<String, @Nullable Object>> results = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        boolean traced = inputs.stream().allMatch(i -> i.get("objectWriteTraceId") != null);
        for (Map<String, @Nullable Object> input : inputs) {
            Map<String, String> values = values(input);
            List<ObjectStore.Invalid> invalid = store.validate(values);
            Optional<String> conflict = store.conflict(null, values);
            String problem = !invalid.isEmpty() ? "Property values were not valid: " + invalid.get(0).message() : conflict.orElse(null);
            if (problem != null) {
                if (!traced) {
                    return Reply.json(400, FakeHubSpot.errorBody(problem, "VALIDATION_ERROR"));
                }
                errors.add(inputError(conflict.isPresent() ? "CONFLICT" : "VALIDATION_ERROR", problem, input));
                continue;
            }
            results.add(view(store.create(values, hubspot.now()), input.get("objectWriteTraceId")));
        }
        return batchAnswer(201, results, errors);
    }

    private Reply update(ObjectStore store, List<Map<String, @Nullable Object>> inputs) {
        Reply tooMany = limits(inputs);
        if (tooMany != null) {
            return tooMany;
        }
        boolean traced = inputs.stream().allMatch(i -> i.get("objectWriteTraceId") != null);
        List<Map<String, @Nullable Object>> results = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        for (Map<String, @Nullable Object> input : inputs) {
            String id = String.valueOf(input.get("id"));
            Optional<ObjectStore.MutableRecord> record = store.find(idProperty(input), id, false);
            Map<String, String> values = values(input);
            List<ObjectStore.Invalid> invalid = store.validate(values);
            String problem = record.isEmpty() ? "Object " + id + " does not exist"
                    : !invalid.isEmpty() ? "Property values were not valid: " + invalid.get(0).message()
                    : store.conflict(record.get(), values).orElse(null);
            if (problem != null) {
                if (!traced) {
                    return Reply.json(400, FakeHubSpot.errorBody(problem, "VALIDATION_ERROR"));
                }
                errors.add(inputError(record.isEmpty() ? "OBJECT_NOT_FOUND" : "VALIDATION_ERROR", problem, input));
                continue;
            }
            store.write(record.get(), values, hubspot.now());
            results.add(view(record.get(), input.get("objectWriteTraceId")));
        }
        return batchAnswer(200, results, errors);
    }

    @SuppressWarnings("unchecked")
    private Reply read(ObjectStore store, Map<String, @Nullable Object> body, boolean archived) {
        List<Map<String, @Nullable Object>> inputs = body.get("inputs") instanceof List<?> l ? (List<Map<String, @Nullable Object>>) l : List.of();
        Reply tooMany = limits(inputs);
        if (tooMany != null) {
            return tooMany;
        }
        String idProperty = body.get("idProperty") instanceof String s ? s : "hs_object_id";
        List<String> wanted = body.get("properties") instanceof List<?> l ? (List<String>) l : List.of();
        List<Map<String, @Nullable Object>> results = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Map<String, @Nullable Object> input : inputs) {
            String id = String.valueOf(input.get("id"));
            Optional<ObjectStore.MutableRecord> record = store.find(idProperty, id, archived);
            if (record.isEmpty()) {
                missing.add(id);
                continue;
            }
            Map<String, @Nullable Object> view = view(record.get(), null);
            Map<String, @Nullable Object> selected = new LinkedHashMap<>();
            selected.put("hs_object_id", record.get().id);
            for (String property : wanted) {
                selected.put(property, record.get().properties.get(property));
            }
            view.put("properties", selected);
            results.add(view);
        }
        List<Map<String, Object>> errors = new ArrayList<>();
        if (!missing.isEmpty()) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("status", "error");
            error.put("category", "OBJECT_NOT_FOUND");
            error.put("message", "Could not get some " + store.singular().toUpperCase(java.util.Locale.ROOT)
                    + " objects, they may be deleted or not exist. Check that ids are valid.");
            error.put("context", Map.of("ids", missing));
            errors.add(error);
        }
        return batchAnswer(200, results, errors);
    }

    private Reply archive(ObjectStore store, List<Map<String, @Nullable Object>> inputs) {
        Reply tooMany = limits(inputs);
        if (tooMany != null) {
            return tooMany;
        }
        for (Map<String, @Nullable Object> input : inputs) {
            store.find("hs_object_id", String.valueOf(input.get("id")), false).ifPresent(r -> store.archive(r, hubspot.now()));
        }
        return new Reply(204, Map.of(), new byte[0]);
    }

    @SuppressWarnings("unchecked")
    private Reply search(ObjectStore store, Map<String, @Nullable Object> body) {
        // Only what the connector may need: one filter group of EQ filters.
        List<Map<String, @Nullable Object>> filters = new ArrayList<>();
        if (body.get("filterGroups") instanceof List<?> groups && !groups.isEmpty()
                && ((Map<String, @Nullable Object>) groups.get(0)).get("filters") instanceof List<?> f) {
            filters.addAll((List<Map<String, @Nullable Object>>) f);
        }
        List<Map<String, @Nullable Object>> results = store.snapshot().stream()
                .filter(r -> !r.archived())
                .filter(r -> filters.stream().allMatch(f -> "EQ".equals(f.get("operator"))
                        && String.valueOf(f.get("value")).equals(r.properties().get(String.valueOf(f.get("propertyName"))))))
                .limit(200)
                .map(r -> {
                    Map<String, @Nullable Object> view = new LinkedHashMap<>();
                    view.put("id", r.id());
                    view.put("properties", r.properties());
                    view.put("createdAt", r.createdAt().toString());
                    view.put("updatedAt", r.updatedAt().toString());
                    view.put("archived", false);
                    return view;
                }).toList();
        return Reply.json(200, Json.write(Map.of("total", results.size(), "results", results)));
    }

    private static String idProperty(Map<String, @Nullable Object> input) {
        return input.get("idProperty") instanceof String s ? s : "hs_object_id";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> values(Map<String, @Nullable Object> input) {
        Map<String, String> values = new LinkedHashMap<>();
        if (input.get("properties") instanceof Map<?, ?> properties) {
            ((Map<String, @Nullable Object>) properties).forEach((k, v) -> values.put(k, v == null ? "" : String.valueOf(v)));
        }
        return values;
    }

    private static Map<String, Object> inputError(String category, String message, Map<String, @Nullable Object> input) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", "error");
        error.put("category", category);
        error.put("message", message);
        Object trace = input.get("objectWriteTraceId");
        error.put("context", trace == null ? Map.of("ids", List.of(String.valueOf(input.get("id"))))
                : Map.of("objectWriteTraceId", List.of(String.valueOf(trace))));
        return error;
    }

    private static Map<String, @Nullable Object> view(ObjectStore.MutableRecord record, @Nullable Object traceId) {
        Map<String, @Nullable Object> view = new LinkedHashMap<>();
        view.put("id", record.id);
        view.put("properties", new LinkedHashMap<>(record.properties));
        view.put("createdAt", record.createdAt.toString());
        view.put("updatedAt", record.updatedAt.toString());
        view.put("archived", record.archived);
        if (traceId != null) {
            view.put("objectWriteTraceId", traceId);
        }
        return view;
    }

    private static Reply batchAnswer(int okStatus, List<Map<String, @Nullable Object>> results, List<Map<String, Object>> errors) {
        Map<String, @Nullable Object> body = new LinkedHashMap<>();
        body.put("status", "COMPLETE");
        body.put("results", results);
        if (!errors.isEmpty()) {
            body.put("numErrors", errors.size());
            body.put("errors", errors);
        }
        String now = Instant.now().toString();
        body.put("startedAt", now);
        body.put("completedAt", now);
        return Reply.json(errors.isEmpty() ? okStatus : 207, Json.write(body));
    }
}
