package dev.syncline.testkit.hubspot;

import dev.syncline.connector.record.Json;
import dev.syncline.testkit.http.FakeHttpsServer.Reply;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Associations v4: {@code batch/associate/default} and labeled {@code batch/create}, both checking
 * that the records exist and (for labels) that the type id names this direction.
 */
final class AssociationRoutes {
    private final FakeHubSpot hubspot;

    AssociationRoutes(FakeHubSpot hubspot) {
        this.hubspot = hubspot;
    }

    @SuppressWarnings("unchecked")
    Reply handle(String method, ObjectStore from, ObjectStore to, String rest, byte[] body) {
        if (!method.equals("POST") || !(rest.equals("batch/associate/default") || rest.equals("batch/create"))) {
            return FakeHubSpot.notFound("No route for " + method + " associations/" + rest);
        }
        List<Map<String, @Nullable Object>> inputs = Json.parseObject(body).get("inputs") instanceof List<?> l
                ? (List<Map<String, @Nullable Object>>) l : List.of();
        if (inputs.size() > ObjectRoutes.BATCH_LIMIT) {
            return Reply.json(400, FakeHubSpot.errorBody("Batch input size " + inputs.size() + " exceeds the limit of 100 inputs", "VALIDATION_ERROR"));
        }
        boolean labeled = rest.equals("batch/create");
        List<Map<String, @Nullable Object>> results = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        for (Map<String, @Nullable Object> input : inputs) {
            String fromId = String.valueOf(((Map<String, @Nullable Object>) input.get("from")).get("id"));
            String toId = String.valueOf(((Map<String, @Nullable Object>) input.get("to")).get("id"));
            int typeId = labeled ? labeledType(input) : AssociationTypes.defaultType(from.name(), to.name());
            String problem = null;
            if (!AssociationTypes.valid(from.name(), to.name(), typeId)) {
                problem = "Association type " + typeId + " is not valid from " + from.name() + " to " + to.name();
            } else if (from.find("hs_object_id", fromId, false).isEmpty() || to.find("hs_object_id", toId, false).isEmpty()) {
                problem = "No " + (from.find("hs_object_id", fromId, false).isEmpty() ? from.singular() + " with id " + fromId
                        : to.singular() + " with id " + toId) + " exists";
            }
            if (problem != null) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("status", "error");
                error.put("category", problem.startsWith("No ") ? "OBJECT_NOT_FOUND" : "VALIDATION_ERROR");
                error.put("message", problem);
                error.put("context", Map.of("fromObjectId", List.of(fromId), "toObjectId", List.of(toId)));
                errors.add(error);
                continue;
            }
            HubSpotAssociation association = new HubSpotAssociation(from.name(), fromId, to.name(), toId, typeId);
            if (!hubspot.associationList().contains(association)) {
                hubspot.associationList().add(association);
            }
            Map<String, @Nullable Object> result = new LinkedHashMap<>();
            result.put("from", Map.of("id", fromId));
            result.put("to", Map.of("id", toId));
            result.put("associationSpec", Map.of("associationCategory", "HUBSPOT_DEFINED", "associationTypeId", typeId));
            results.add(result);
        }
        Map<String, @Nullable Object> answer = new LinkedHashMap<>();
        answer.put("status", "COMPLETE");
        answer.put("results", results);
        if (!errors.isEmpty()) {
            answer.put("numErrors", errors.size());
            answer.put("errors", errors);
        }
        answer.put("startedAt", Instant.now().toString());
        answer.put("completedAt", Instant.now().toString());
        return Reply.json(errors.isEmpty() ? (labeled ? 201 : 200) : 207, Json.write(answer));
    }

    @SuppressWarnings("unchecked")
    private static int labeledType(Map<String, @Nullable Object> input) {
        if (input.get("types") instanceof List<?> types && !types.isEmpty()
                && ((Map<String, @Nullable Object>) types.get(0)).get("associationTypeId") instanceof Number n) {
            return n.intValue();
        }
        return -1;
    }
}
