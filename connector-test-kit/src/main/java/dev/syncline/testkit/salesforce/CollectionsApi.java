package dev.syncline.testkit.salesforce;

import dev.syncline.connector.record.Json;
import dev.syncline.testkit.http.FakeHttpsServer.Reply;
import dev.syncline.testkit.http.RecordedRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code PATCH /services/data/vXX.X/composite/sobjects/{SObject}/{ExternalIdField}}: at most 200
 * records of the one type in the URI, each with an {@code attributes.type}; per-record results in
 * request order, HTTP 200 even when some fail; {@code allOrNone} rolls every write back and marks
 * the others {@code ALL_OR_NONE_OPERATION_ROLLED_BACK}.
 */
final class CollectionsApi {
    static final int MAX_RECORDS = 200;
    private final FakeSalesforce org;

    CollectionsApi(FakeSalesforce org) {
        this.org = org;
    }

    @SuppressWarnings("unchecked")
    Reply upsert(RecordedRequest request, String typeName, String extField) {
        Optional<SObjectType> type = org.store().type(typeName);
        if (type.isEmpty()) {
            return FakeSalesforce.error(404, "NOT_FOUND", "The requested resource does not exist");
        }
        Optional<FieldDef> ext = type.get().field(extField);
        if (ext.isEmpty() || !ext.get().externalId()) {
            return FakeSalesforce.error(400, "INVALID_FIELD", "Field name provided, " + extField + " is not an External ID or indexed field for " + typeName);
        }
        Map<String, @Nullable Object> body;
        try {
            body = Json.parseObject(request.body());
        } catch (IllegalArgumentException e) {
            return FakeSalesforce.error(400, "JSON_PARSER_ERROR", "Unexpected character in the request body");
        }
        if (!(body.get("records") instanceof List<?> records)) {
            return FakeSalesforce.error(400, "JSON_PARSER_ERROR", "records is required");
        }
        if (records.size() > MAX_RECORDS) {
            return FakeSalesforce.error(400, "EXCEEDED_ID_LIMIT", "record limit exceeded: at most 200 records per request");
        }
        org.noteCollectionsBatch(records.size());
        boolean allOrNone = Boolean.TRUE.equals(body.get("allOrNone"));
        List<Map<String, @Nullable Object>> fields = new ArrayList<>();
        for (Object item : records) {
            if (!(item instanceof Map<?, ?> record) || !(record.get("attributes") instanceof Map<?, ?> attributes)
                    || !typeName.equals(attributes.get("type"))) {
                return FakeSalesforce.error(400, "INVALID_INPUT", "Each record must have attributes with type " + typeName);
            }
            Map<String, @Nullable Object> values = new LinkedHashMap<>((Map<String, @Nullable Object>) record);
            values.remove("attributes");
            if (values.containsKey("Id")) {
                return FakeSalesforce.error(400, "INVALID_FIELD", "Only external ids are supported. Don't use record ids");
            }
            List<String> unknown = org.store().unknownFields(type.get(), values.keySet());
            if (!unknown.isEmpty()) {
                return FakeSalesforce.error(400, "INVALID_FIELD", "No such column '" + unknown.get(0) + "' on sobject of type " + typeName);
            }
            fields.add(values);
        }
        List<SObjectStore.Undo> undo = new ArrayList<>();
        List<SaveResult> results = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Map<String, @Nullable Object> values : fields) {
            String extValue = String.valueOf(values.get(extField));
            if (!seen.add(extValue)) {
                results.add(SaveResult.error("DUPLICATE_EXTERNAL_ID", "Duplicate external id specified: " + extValue, List.of(extField)));
                continue;
            }
            results.add(org.write(type.get(), extField, values, undo));
        }
        if (allOrNone && results.stream().anyMatch(r -> !r.success())) {
            org.store().rollBack(undo);
            results = results.stream().map(r -> r.success() ? SaveResult.error("ALL_OR_NONE_OPERATION_ROLLED_BACK",
                    "Record rolled back because not all records were valid and the request was using AllOrNone header", List.of()) : r).toList();
        }
        List<Map<String, @Nullable Object>> out = new ArrayList<>();
        for (SaveResult r : results) {
            Map<String, @Nullable Object> json = new LinkedHashMap<>();
            if (r.success()) {
                json.put("id", r.id());
                json.put("success", true);
                json.put("errors", List.of());
                json.put("created", r.created());
            } else {
                json.put("success", false);
                json.put("errors", List.of(Map.of("statusCode", r.statusCode(), "message", r.message(), "fields", r.fields())));
            }
            out.add(json);
        }
        return Reply.json(200, Json.write(out));
    }
}
