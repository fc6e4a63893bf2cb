package dev.syncline.connector.httpsink;

import dev.syncline.connector.record.Json;
import dev.syncline.connector.record.RecordKey;
import dev.syncline.testkit.conformance.StoredObject;
import dev.syncline.testkit.http.FakeHttpsServer;
import dev.syncline.testkit.http.RecordedRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * An endpoint implementing the receiving side of the HTTP connector's protocol: it verifies the
 * signature, keeps "newer wins" per object (a batch's newest record per object is the one
 * considered; tombstones carry versions) and answers one result per record.
 */
final class FakeReceiver {
    private final String secret;
    private final Map<RecordKey, StoredObject> store = new ConcurrentHashMap<>();

    FakeReceiver(String secret) {
        this.secret = secret;
    }

    Optional<StoredObject> read(RecordKey key) {
        return Optional.ofNullable(store.get(key));
    }

    @SuppressWarnings("unchecked")
    synchronized FakeHttpsServer.Reply handle(RecordedRequest request) {
        if (!validSignature(request)) {
            return FakeHttpsServer.Reply.json(401, "{\"error\":\"bad signature\"}");
        }
        List<Map<String, @Nullable Object>> data = (List<Map<String, @Nullable Object>>) Json.parseObject(request.body()).get("data");
        Map<RecordKey, Long> newest = new HashMap<>();
        for (Map<String, @Nullable Object> entry : data) {
            newest.merge(key(entry), ((Number) entry.get("version")).longValue(), Math::max);
        }
        List<String> results = new ArrayList<>();
        for (Map<String, @Nullable Object> entry : data) {
            RecordKey key = key(entry);
            long version = ((Number) entry.get("version")).longValue();
            boolean deleted = "delete".equals(entry.get("operation"));
            Map<String, @Nullable Object> object = (Map<String, @Nullable Object>) entry.get("object");
            StoredObject stored = store.get(key);
            String status;
            if (version < newest.get(key) || (stored != null && stored.version() > version)) {
                status = "stale";
            } else if (stored != null && stored.version() == version) {
                status = stored.deleted() == deleted && Objects.equals(stored.payload(), object) ? "unchanged" : "tie";
            } else {
                store.put(key, new StoredObject(version, deleted, object));
                status = "applied";
            }
            results.add("{\"status\":\"" + status + "\"}");
        }
        return FakeHttpsServer.Reply.json(200, "{\"results\":[" + String.join(",", results) + "]}");
    }

    private boolean validSignature(RecordedRequest request) {
        String header = request.header(Signature.HEADER);
        if (header == null || !header.matches("t=\\d+,v1=[0-9a-f]{64}")) {
            return false;
        }
        long t = Long.parseLong(header.substring(2, header.indexOf(',')));
        return header.endsWith("v1=" + Signature.hmac(secret, t, request.body()));
    }

    private static RecordKey key(Map<String, @Nullable Object> entry) {
        return new RecordKey((String) entry.get("account"), (String) entry.get("object_type"), (String) entry.get("id"));
    }
}
