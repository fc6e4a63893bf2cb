package dev.syncline.testkit.hubspot;

import dev.syncline.connector.record.Json;
import dev.syncline.testkit.http.FakeHttpsServer;
import dev.syncline.testkit.http.FakeHttpsServer.Reply;
import dev.syncline.testkit.http.RecordedRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A stateful HubSpot on {@code https://localhost:<port>/} (bound to 127.0.0.1), faithful to the
 * parts of the API the HubSpot connector speaks:
 *
 * <ul>
 *   <li>{@code Authorization: Bearer <token>} checked on every request (401 {@code INVALID_AUTHENTICATION});
 *   <li>contacts, companies and deals, each with its built-in properties, {@code hs_object_id},
 *       and every {@code hasUniqueValue} property indexed ({@code email}, {@code domain}, custom ids);
 *   <li>batch upsert, read, create, update and archive under {@code /crm/v3/objects/} and
 *       {@code /crm/objects/2026-03/}: at most 100 inputs, duplicate ids refused as a whole (400),
 *       per-input errors as 207 when inputs carry {@code objectWriteTraceId} and as a whole-batch
 *       400 otherwise;
 *   <li>the Properties API (201, 409 on a duplicate, 404 on a missing one) and property groups;
 *   <li>associations v4, default and labeled, with the type id checked against the direction;
 *   <li>the ten-second rolling limit (default 100) and the daily limit, their headers on every
 *       non-search answer and HubSpot's 429 bodies; search at five per second without headers;
 *   <li>faults injected for the next requests or at request N, and per-input rejections.
 * </ul>
 *
 * <p>Thread-safe: requests are served one at a time.
 */
public final class FakeHubSpot implements AutoCloseable {
    /** The private-app token the fake accepts unless told another. */
    public static final String TOKEN = "pat-na1-00000000-0000-4000-8000-fakehubspot01";

    private final FakeHttpsServer server;
    private final RateLimits limits = new RateLimits(System::nanoTime);
    private final Map<String, ObjectStore> stores = new LinkedHashMap<>();
    private final List<HubSpotAssociation> associations = new ArrayList<>();
    private final Map<String, AtomicInteger> counters = new ConcurrentHashMap<>();
    private final Deque<Fault> nextFaults = new ArrayDeque<>();
    private final Map<Integer, Fault> faultsAt = new HashMap<>();
    private final ObjectRoutes objects = new ObjectRoutes(this);
    private final PropertyRoutes properties = new PropertyRoutes(this);
    private final AssociationRoutes associationRoutes = new AssociationRoutes(this);
    private volatile String token = TOKEN;
    private volatile Predicate<String> rejectedIds = id -> false;
    private int served;

    private FakeHubSpot() {
        AtomicLong ids = new AtomicLong(1_000_000L);
        stores.put("contacts", new ObjectStore("contacts", ids, List.of(
                HubSpotProperty.uniqueBuiltIn("email"), HubSpotProperty.builtIn("firstname", "string"),
                HubSpotProperty.builtIn("lastname", "string"), HubSpotProperty.builtIn("phone", "string"),
                HubSpotProperty.builtIn("address", "string"), HubSpotProperty.builtIn("city", "string"),
                HubSpotProperty.builtIn("state", "string"), HubSpotProperty.builtIn("zip", "string"),
                HubSpotProperty.builtIn("country", "string"), HubSpotProperty.builtIn("company", "string"),
                HubSpotProperty.enumeration("lifecyclestage", List.of("subscriber", "lead", "marketingqualifiedlead",
                        "salesqualifiedlead", "opportunity", "customer", "evangelist", "other")))));
        stores.put("companies", new ObjectStore("companies", ids, List.of(
                HubSpotProperty.uniqueBuiltIn("domain"), HubSpotProperty.builtIn("name", "string"),
                HubSpotProperty.builtIn("phone", "string"), HubSpotProperty.builtIn("address", "string"),
                HubSpotProperty.builtIn("city", "string"), HubSpotProperty.builtIn("state", "string"),
                HubSpotProperty.builtIn("zip", "string"), HubSpotProperty.builtIn("country", "string"))));
        stores.put("deals", new ObjectStore("deals", ids, List.of(
                HubSpotProperty.builtIn("dealname", "string"), HubSpotProperty.builtIn("amount", "number"),
                HubSpotProperty.builtIn("deal_currency_code", "string"),
                new HubSpotProperty("closedate", "Close date", "datetime", "date", "dealinformation", false, List.of()),
                HubSpotProperty.enumeration("pipeline", List.of("default")),
                HubSpotProperty.enumeration("dealstage", List.of("appointmentscheduled", "qualifiedtobuy",
                        "presentationscheduled", "decisionmakerboughtin", "contractsent", "closedwon", "closedlost")))));
        this.server = FakeHttpsServer.start().respond(this::serve);
    }

    /** A fresh, empty portal. */
    public static FakeHubSpot start() {
        return new FakeHubSpot();
    }

    /** The base URL, {@code https://localhost:<port>/}, to configure as the destination's {@code url}. */
    public String url() {
        return server.url("/");
    }

    /** The underlying server, whose certificate the client must trust and which records every request. */
    public FakeHttpsServer server() {
        return server;
    }

    /** Accepts {@code value} as the only valid token from now on (an expired or revoked token otherwise). */
    public FakeHubSpot token(String value) {
        this.token = value;
        return this;
    }

    /** The ten-second limit: requests per rolling ten seconds (100 for Free and Starter, 190, 250). */
    public FakeHubSpot tenSecondlyLimit(int max) {
        limits.max(max);
        return this;
    }

    /** The daily limit: requests per day before every answer is the {@code DAILY} 429. */
    public FakeHubSpot dailyLimit(long max) {
        limits.daily(max);
        return this;
    }

    /** Answers the next requests with these faults, one each, before serving normally again. */
    public synchronized FakeHubSpot failNext(Fault... faults) {
        nextFaults.addAll(List.of(faults));
        return this;
    }

    /** Answers the {@code n}-th request from now on (1 is the next one) with {@code fault}. */
    public synchronized FakeHubSpot failAtRequest(int n, Fault fault) {
        faultsAt.put(served + n, fault);
        return this;
    }

    /**
     * Refuses upsert inputs whose id matches, with a per-input {@code VALIDATION_ERROR}, as HubSpot
     * does for values its own validation refuses.
     */
    public FakeHubSpot rejectUpsertIds(Predicate<String> ids) {
        this.rejectedIds = ids;
        return this;
    }

    /**
     * Creates a record directly, as a form or a person in HubSpot would (a contact that exists
     * before any sync); its id is returned.
     */
    public synchronized String create(String objectType, Map<String, String> properties) {
        return store(objectType).orElseThrow(() -> new IllegalArgumentException("unknown object type " + objectType))
                .create(new LinkedHashMap<>(properties), now()).id;
    }

    /** Every record of an object type ({@code contacts}, {@code companies}, {@code deals}), archived ones included. */
    public synchronized List<HubSpotRecord> records(String objectType) {
        return store(objectType).map(ObjectStore::snapshot).orElse(List.of());
    }

    /** The record holding {@code value} in {@code property}: the live one if any, else an archived one. */
    public synchronized Optional<HubSpotRecord> find(String objectType, String property, String value) {
        return store(objectType).flatMap(s -> s.find(property, value, false).or(() -> s.find(property, value, true)))
                .map(ObjectStore.MutableRecord::snapshot);
    }

    /** The property definitions of an object type. */
    public synchronized Map<String, HubSpotProperty> properties(String objectType) {
        return store(objectType).map(s -> Map.copyOf(s.properties())).orElse(Map.of());
    }

    public synchronized List<HubSpotAssociation> associations() {
        return List.copyOf(associations);
    }

    /** Requests received of a kind: {@code total}, {@code batch/upsert}, {@code batch/read}, {@code 429}, {@code 401}, … */
    public int count(String kind) {
        AtomicInteger counter = counters.get(kind);
        return counter == null ? 0 : counter.get();
    }

    /** The most requests admitted within any ten seconds so far. */
    public int peakRequestsPerWindow() {
        return limits.peak();
    }

    /** Forgets every record, association and counter; definitions of custom properties are kept. */
    public synchronized void clearData() {
        stores.replaceAll((name, s) -> new ObjectStore(name, new AtomicLong(1_000_000L), List.copyOf(s.properties().values())));
        associations.clear();
        counters.clear();
        limits.reset();
        server.clear();
    }

    @Override
    public void close() {
        server.close();
    }

    private synchronized Reply serve(RecordedRequest request) {
        served++;
        tally("total");
        URI uri = URI.create(request.uri());
        String path = uri.getRawPath();
        Map<String, String> query = query(uri.getRawQuery());
        String expected = "Bearer " + token;
        if (!expected.equals(request.header("Authorization"))) {
            tally("401");
            return Reply.json(401, errorBody("Authentication credentials not found. This API supports OAuth 2.0 authentication "
                    + "and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview",
                    "INVALID_AUTHENTICATION"));
        }
        boolean search = path.endsWith("/search");
        Fault fault = faultsAt.containsKey(served) ? faultsAt.remove(served) : nextFaults.pollFirst();
        if (fault != null) {
            tally(Integer.toString(fault.status()));
            return withHeaders(new Reply(fault.status(), Map.of(), fault.body().getBytes(StandardCharsets.UTF_8)), search)
                    .headersFrom(fault.headers());
        }
        if (search) {
            if (!limits.admitSearch()) {
                tally("429");
                return Reply.json(429, "{\"status\":\"error\",\"message\":\"You have reached your secondly limit.\",\"correlationId\":\""
                        + UUID.randomUUID() + "\",\"category\":\"RATE_LIMITS\"}");
            }
        } else {
            String refused = limits.admit();
            if (refused != null) {
                tally("429");
                String message = refused.equals("DAILY") ? "You have reached your daily limit." : "You have reached your ten secondly limit.";
                return withHeaders(Reply.json(429, rateLimitBody(message, refused)), false).reply();
            }
        }
        Reply reply;
        try {
            reply = route(request.method(), path, query, request.body());
        } catch (IllegalArgumentException badJson) {
            reply = Reply.json(400, errorBody("Invalid input JSON: " + badJson.getMessage(), "VALIDATION_ERROR"));
        }
        tally(Integer.toString(reply.status()));
        return withHeaders(reply, search).reply();
    }

    private Reply route(String method, String path, Map<String, String> query, byte[] body) {
        String[] p = path.replaceFirst("^/crm/objects/2026-03/", "/crm/v3/objects/").split("/");
        // p[0] is empty: ["", "crm", "v3", "objects", type, ...]
        if (p.length >= 5 && p[1].equals("crm") && p[2].equals("v3") && p[3].equals("objects")) {
            Optional<ObjectStore> store = store(p[4]);
            if (store.isEmpty()) {
                return notFound("Unable to infer object type from: " + p[4]);
            }
            String rest = String.join("/", java.util.Arrays.copyOfRange(p, 5, p.length));
            tally(rest.startsWith("batch/") ? rest : method + " object");
            return objects.handle(method, store.get(), rest, query, body);
        }
        if (p.length >= 5 && p[1].equals("crm") && p[2].equals("v3") && p[3].equals("properties")) {
            Optional<ObjectStore> store = store(p[4]);
            if (store.isEmpty()) {
                return notFound("Unable to infer object type from: " + p[4]);
            }
            tally("properties");
            return properties.handle(method, store.get(), java.util.Arrays.copyOfRange(p, 5, p.length), body);
        }
        if (p.length >= 7 && p[1].equals("crm") && p[2].equals("v4") && p[3].equals("associations")) {
            Optional<ObjectStore> from = store(p[4]);
            Optional<ObjectStore> to = store(p[5]);
            if (from.isEmpty() || to.isEmpty()) {
                return notFound("Unable to infer object type from: " + (from.isEmpty() ? p[4] : p[5]));
            }
            String rest = String.join("/", java.util.Arrays.copyOfRange(p, 6, p.length));
            tally("associations/" + rest);
            return associationRoutes.handle(method, from.get(), to.get(), rest, body);
        }
        return notFound("No route for " + method + " " + path);
    }

    List<HubSpotAssociation> associationList() {
        return associations;
    }

    boolean rejected(String id) {
        return rejectedIds.test(id);
    }

    Instant now() {
        return Instant.now();
    }

    private Optional<ObjectStore> store(String objectType) {
        String name = switch (objectType.toLowerCase(java.util.Locale.ROOT)) {
            case "0-1", "contact", "contacts" -> "contacts";
            case "0-2", "company", "companies" -> "companies";
            case "0-3", "deal", "deals" -> "deals";
            default -> objectType;
        };
        return Optional.ofNullable(stores.get(name));
    }

    private void tally(String kind) {
        counters.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    }

    private Headers withHeaders(Reply reply, boolean search) {
        Map<String, String> headers = new LinkedHashMap<>(reply.headers());
        headers.put("Content-Type", "application/json;charset=utf-8");
        headers.put("X-HubSpot-Correlation-Id", UUID.randomUUID().toString());
        headers.put("X-HubSpot-RateLimit-Daily", Long.toString(limits.daily()));
        headers.put("X-HubSpot-RateLimit-Daily-Remaining", Long.toString(limits.remainingToday()));
        if (!search) {
            int remaining = limits.remaining();
            headers.put("X-HubSpot-RateLimit-Interval-Milliseconds", "10000");
            headers.put("X-HubSpot-RateLimit-Max", Integer.toString(limits.max()));
            headers.put("X-HubSpot-RateLimit-Remaining", Integer.toString(remaining));
            headers.put("X-HubSpot-RateLimit-Secondly", Integer.toString(Math.max(1, limits.max() / 10)));
            headers.put("X-HubSpot-RateLimit-Secondly-Remaining", Integer.toString(Math.max(0, Math.min(remaining, limits.max() / 10 - 1))));
        }
        return new Headers(reply, headers);
    }

    private record Headers(Reply base, Map<String, String> headers) {
        Reply reply() {
            return new Reply(base.status(), headers, base.body());
        }

        Reply headersFrom(Map<String, String> extra) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.putAll(extra);
            return new Reply(base.status(), all, base.body());
        }
    }

    static Reply notFound(String message) {
        return Reply.json(404, errorBody(message, "OBJECT_NOT_FOUND"));
    }

    /** HubSpot's error body: {@code status, message, correlationId, category}. */
    static String errorBody(String message, String category) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("message", message);
        body.put("correlationId", UUID.randomUUID().toString());
        body.put("category", category);
        return Json.write(body);
    }

    /** The documented 429 body with its {@code policyName}. */
    static String rateLimitBody(String message, String policyName) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("message", message);
        body.put("errorType", "RATE_LIMIT");
        body.put("correlationId", UUID.randomUUID().toString());
        body.put("policyName", policyName);
        body.put("requestId", UUID.randomUUID().toString());
        return Json.write(body);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            params.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
