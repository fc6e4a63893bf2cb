package dev.syncline.testkit.salesforce;

import dev.syncline.connector.record.Json;
import dev.syncline.testkit.http.FakeHttpsServer;
import dev.syncline.testkit.http.FakeHttpsServer.Reply;
import dev.syncline.testkit.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A stateful fake Salesforce org on {@code https://localhost:<port>} (127.0.0.1), for connector
 * tests and benchmarks. It is both the login host and the instance: the token endpoint answers an
 * {@code instance_url} pointing back at it.
 *
 * <pre>{@code
 * try (FakeSalesforce org = FakeSalesforce.start().clientCredentials("id", "secret")) {
 *     org.rejectRecord("Account", "cus_1", "FIELD_CUSTOM_VALIDATION_EXCEPTION", "Region is required");
 *     ... write through the connector ...
 *     assertThat(org.record("Account", "Stripe_Customer_Id__c", "cus_2")).isPresent();
 *     assertThat(org.count(Endpoint.BULK_CREATE)).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>Every {@code /services/data} answer carries {@code Sforce-Limit-Info: api-usage=N/LIMIT}; a
 * request once the usage reached the limit is answered 403 {@code REQUEST_LIMIT_EXCEEDED}. Switches
 * inject the reference's failures: expired sessions, 5xx, the concurrency limit, per-record errors
 * and locks, failed Bulk jobs. Requests are handled one at a time, so the state is consistent.
 */
public final class FakeSalesforce implements AutoCloseable {
    /** The audience Salesforce expects in a JWT bearer assertion for production orgs. */
    public static final String DEFAULT_AUDIENCE = "https://login.salesforce.com";
    private static final Pattern DATA = Pattern.compile("/services/data/(v\\d+\\.\\d)/(.*)");
    private static final DateTimeFormatter SF_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXX").withZone(ZoneOffset.UTC);

    private final FakeHttpsServer server;
    private final SObjectStore store = new SObjectStore();
    private final CollectionsApi collections = new CollectionsApi(this);
    private final BulkApi bulk = new BulkApi(this);
    private Clock clock = Clock.systemUTC();
    private final Set<String> sessions = new java.util.HashSet<>();
    private final Map<Endpoint, Long> counts = new EnumMap<>(Endpoint.class);
    private final ArrayDeque<Reply> injected = new ArrayDeque<>();
    private final ArrayDeque<String> bulkFailures = new ArrayDeque<>();
    private final Map<String, RecordFault> recordFaults = new HashMap<>();
    private String clientId = "syncline-client-id";
    private String clientSecret = "syncline-client-secret";
    private @Nullable PublicKey jwtKey;
    private String jwtUsername = "integration@example.com";
    private String audience = DEFAULT_AUDIENCE;
    private long apiUsage;
    private long apiLimit = 100_000;
    private int bulkPolls = 1;
    private int largestCollectionsBatch;
    private long tokensIssued;

    private FakeSalesforce() {
        this.server = FakeHttpsServer.start();
        server.respond(this::handle);
    }

    /** A fresh org with Account, Contact and Opportunity and the fields Syncline's default mapping writes. */
    public static FakeSalesforce start() {
        return new FakeSalesforce();
    }

    /** {@code https://localhost:<port>}: the login URL and the instance URL. */
    public String url() {
        return server.url("");
    }

    // ---- configuration -------------------------------------------------------------------------

    /** The connected app's consumer key and secret the client-credentials flow accepts. */
    public synchronized FakeSalesforce clientCredentials(String id, String secret) {
        this.clientId = id;
        this.clientSecret = secret;
        return this;
    }

    /** Accepts JWT bearer assertions signed by the private half of {@code certificateKey}, for this user. */
    public synchronized FakeSalesforce jwtBearer(String consumerKey, String username, PublicKey certificateKey) {
        this.clientId = consumerKey;
        this.jwtUsername = username;
        this.jwtKey = certificateKey;
        return this;
    }

    /** The {@code aud} claim JWT assertions must carry; {@link #DEFAULT_AUDIENCE} unless set. */
    public synchronized FakeSalesforce jwtAudience(String value) {
        this.audience = value;
        return this;
    }

    /** The clock JWT expiry is judged by: a test whose connector runs on a fixed clock gives the same one. */
    public synchronized FakeSalesforce clock(Clock value) {
        this.clock = value;
        return this;
    }

    /** Adds or replaces an sObject's metadata, for example to give Account a field a test maps. */
    public synchronized FakeSalesforce define(SObjectType type) {
        store.define(type);
        return this;
    }

    public synchronized Optional<SObjectType> sObjectType(String name) {
        return store.type(name);
    }

    /** A record that already exists in the org (it is not counted as a request). */
    public synchronized String seed(String sObject, String externalIdField, Map<String, @Nullable Object> fields) {
        SObjectType type = store.type(sObject).orElseThrow(() -> new IllegalArgumentException("unknown sObject " + sObject));
        SaveResult result = store.upsert(type, externalIdField, fields, new java.util.ArrayList<>());
        if (!result.success()) {
            throw new IllegalArgumentException("cannot seed " + sObject + ": " + result.message());
        }
        return result.id();
    }

    // ---- fault switches ------------------------------------------------------------------------

    /** Invalidates every session issued so far: the next data request answers 401 {@code INVALID_SESSION_ID}. */
    public synchronized void expireSessions() {
        sessions.clear();
    }

    /** Sets the rolling 24 h usage and allocation {@code Sforce-Limit-Info} reports and enforces. */
    public synchronized void apiUsage(long used, long limit) {
        this.apiUsage = used;
        this.apiLimit = limit;
    }

    /** The next {@code times} data requests answer {@code status} (500, 503) with Salesforce's error body. */
    public synchronized void failNext(int times, int status) {
        String code = status == 503 ? "SERVER_UNAVAILABLE" : "UNKNOWN_EXCEPTION";
        String message = status == 503 ? "Server is unavailable. Try again later." : "An unexpected error occurred. Please include this ErrorId if you contact support: 1234-5678";
        for (int i = 0; i < times; i++) {
            injected.add(error(status, code, message));
        }
    }

    /** The next {@code times} data requests answer 403 for the concurrent long-running request limit. */
    public synchronized void concurrencyLimitNext(int times) {
        for (int i = 0; i < times; i++) {
            injected.add(error(403, "REQUEST_LIMIT_EXCEEDED", "ConcurrentPerOrgLongTxn Limit exceeded."));
        }
    }

    /** Every write of this record fails with {@code statusCode}, as a validation rule or trigger would make it. */
    public synchronized void rejectRecord(String sObject, String externalIdValue, String statusCode, String message) {
        recordFaults.put(sObject + "/" + externalIdValue, new RecordFault(statusCode, message, Integer.MAX_VALUE));
    }

    /** The next {@code times} writes of this record fail with {@code UNABLE_TO_LOCK_ROW}. */
    public synchronized void lockRow(String sObject, String externalIdValue, int times) {
        recordFaults.put(sObject + "/" + externalIdValue,
                new RecordFault("UNABLE_TO_LOCK_ROW", "unable to obtain exclusive access to this record or 1 records: " + externalIdValue, times));
    }

    /** How many status polls a closed Bulk job answers {@code InProgress} before it completes (default 1). */
    public synchronized void bulkProcessingPolls(int polls) {
        this.bulkPolls = polls;
    }

    /** The next Bulk job to be processed ends {@code Failed} with this {@code errorMessage}. */
    public synchronized void failNextBulkJob(String errorMessage) {
        bulkFailures.add(errorMessage);
    }

    // ---- what happened -------------------------------------------------------------------------

    /** One record by external id, with its {@code Id} and typed fields (numbers as BigDecimal, dates as text). */
    public synchronized Optional<Map<String, @Nullable Object>> record(String sObject, String externalIdField, String value) {
        return store.byExternalId(sObject, externalIdField, value).map(LinkedHashMap::new);
    }

    /** Every record of one sObject, in creation order. */
    public synchronized List<Map<String, @Nullable Object>> records(String sObject) {
        return store.table(sObject).values().stream().map(r -> (Map<String, @Nullable Object>) new LinkedHashMap<>(r)).toList();
    }

    /** Requests of one kind answered so far. */
    public synchronized long count(Endpoint endpoint) {
        return counts.getOrDefault(endpoint, 0L);
    }

    /** Requests counted against the API allocation so far (the {@code N} of {@code api-usage=N/LIMIT}). */
    public synchronized long apiUsage() {
        return apiUsage;
    }

    public synchronized long tokensIssued() {
        return tokensIssued;
    }

    /** The most records any one Collections request carried. */
    public synchronized int largestCollectionsBatch() {
        return largestCollectionsBatch;
    }

    /** Bulk jobs created so far. */
    public synchronized int bulkJobs() {
        return bulk.jobs().size();
    }

    /** Every request received, in arrival order. */
    public List<RecordedRequest> requests() {
        return server.requests();
    }

    @Override
    public void close() {
        server.close();
    }

    // ---- for the API handlers ------------------------------------------------------------------

    SObjectStore store() {
        return store;
    }

    synchronized int bulkProcessingPolls() {
        return bulkPolls;
    }

    synchronized @Nullable String takeBulkJobFailure() {
        return bulkFailures.poll();
    }

    synchronized void noteCollectionsBatch(int size) {
        largestCollectionsBatch = Math.max(largestCollectionsBatch, size);
    }

    synchronized String nowText() {
        return SF_DATETIME.format(clock.instant());
    }

    /** A write through either API, after the record's injected fault if it has one. */
    synchronized SaveResult write(SObjectType type, String extField, Map<String, @Nullable Object> values, List<SObjectStore.Undo> undo) {
        String key = type.name() + "/" + values.get(extField);
        RecordFault fault = recordFaults.get(key);
        if (fault != null) {
            if (fault.times() <= 1) {
                recordFaults.remove(key);
            } else if (fault.times() != Integer.MAX_VALUE) {
                recordFaults.put(key, new RecordFault(fault.statusCode(), fault.message(), fault.times() - 1));
            } else {
                recordFaults.put(key, fault);
            }
            return SaveResult.error(fault.statusCode(), fault.message(), List.of());
        }
        return store.upsert(type, extField, values, undo);
    }

    static Reply error(int status, String errorCode, String message) {
        return Reply.json(status, Json.write(List.of(Map.of("message", message, "errorCode", errorCode))));
    }

    // ---- routing -------------------------------------------------------------------------------

    private synchronized Reply handle(RecordedRequest request) {
        String path = request.uri().contains("?") ? request.uri().substring(0, request.uri().indexOf('?')) : request.uri();
        if (path.equals("/services/oauth2/token")) {
            bump(Endpoint.TOKEN);
            return request.method().equals("POST") ? token(request) : error(405, "METHOD_NOT_ALLOWED", "HTTP Method not allowed");
        }
        Matcher data = DATA.matcher(path);
        if (!data.matches()) {
            return error(404, "NOT_FOUND", "The requested resource does not exist");
        }
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ") || !sessions.contains(authorization.substring(7))) {
            return error(401, "INVALID_SESSION_ID", "Session expired or invalid");
        }
        if (apiUsage >= apiLimit) {
            return limited(error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded."));
        }
        apiUsage++;
        Reply fault = injected.poll();
        if (fault != null) {
            bump(Endpoint.OTHER);
            return limited(fault);
        }
        return limited(route(request, data.group(1), data.group(2)));
    }

    private Reply route(RecordedRequest request, String version, String rest) {
        String[] parts = rest.split("/");
        String method = request.method();
        if (parts.length == 4 && parts[0].equals("composite") && parts[1].equals("sobjects") && method.equals("PATCH")) {
            bump(Endpoint.COLLECTIONS_UPSERT);
            return collections.upsert(request, parts[2], parts[3]);
        }
        if (parts.length == 3 && parts[0].equals("sobjects") && parts[2].equals("describe") && method.equals("GET")) {
            bump(Endpoint.DESCRIBE);
            return describe(parts[1]);
        }
        if (parts.length >= 2 && parts[0].equals("jobs") && parts[1].equals("ingest")) {
            if (parts.length == 2 && method.equals("POST")) {
                bump(Endpoint.BULK_CREATE);
                return bulk.create(request, version);
            }
            if (parts.length == 3) {
                return switch (method) {
                    case "GET" -> {
                        bump(Endpoint.BULK_STATUS);
                        yield bulk.status(parts[2], version);
                    }
                    case "PATCH" -> {
                        bump(Endpoint.BULK_CLOSE);
                        yield bulk.changeState(request, parts[2], version);
                    }
                    case "DELETE" -> {
                        bump(Endpoint.BULK_DELETE);
                        yield bulk.delete(parts[2]);
                    }
                    default -> error(405, "METHOD_NOT_ALLOWED", "HTTP Method not allowed");
                };
            }
            if (parts.length == 4 && parts[3].equals("batches") && method.equals("PUT")) {
                bump(Endpoint.BULK_UPLOAD);
                return bulk.upload(request, parts[2]);
            }
            if (parts.length == 4 && method.equals("GET")) {
                bump(Endpoint.BULK_RESULTS);
                return bulk.results(parts[2], parts[3]);
            }
        }
        bump(Endpoint.OTHER);
        return error(404, "NOT_FOUND", "The requested resource does not exist");
    }

    private Reply token(RecordedRequest request) {
        Map<String, String> form = form(request.bodyText());
        String grant = form.getOrDefault("grant_type", "");
        boolean valid = switch (grant) {
            case "client_credentials" -> clientId.equals(form.get("client_id")) && clientSecret.equals(form.get("client_secret"));
            case "urn:ietf:params:oauth:grant-type:jwt-bearer" -> {
                PublicKey key = jwtKey;
                yield key != null && JwtVerifier.refuse(form.getOrDefault("assertion", ""), key, clientId, jwtUsername, audience,
                        clock.instant()).isEmpty();
            }
            default -> false;
        };
        if (!grant.equals("client_credentials") && !grant.equals("urn:ietf:params:oauth:grant-type:jwt-bearer")) {
            return Reply.json(400, "{\"error\":\"unsupported_grant_type\",\"error_description\":\"grant type not supported\"}");
        }
        if (!valid) {
            return Reply.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"authentication failure\"}");
        }
        String session = "00DR00000008fake!" + UUID.randomUUID().toString().replace("-", "");
        sessions.add(session);
        tokensIssued++;
        Map<String, @Nullable Object> body = new LinkedHashMap<>();
        body.put("access_token", session);
        body.put("signature", "c2lnbmF0dXJl");
        body.put("scope", "api");
        body.put("instance_url", url());
        body.put("id", url() + "/id/00DR00000008fakeAAA/005R0000000SynclineAAA");
        body.put("token_type", "Bearer");
        body.put("issued_at", String.valueOf(clock.millis()));
        return Reply.json(200, Json.write(body));
    }

    private Reply describe(String name) {
        Optional<SObjectType> type = store.type(name);
        if (type.isEmpty()) {
            return error(404, "NOT_FOUND", "The requested resource does not exist");
        }
        List<Map<String, @Nullable Object>> fields = type.get().fields().values().stream().map(f -> {
            Map<String, @Nullable Object> field = new LinkedHashMap<>();
            field.put("name", f.name());
            field.put("type", f.kind().name().toLowerCase(java.util.Locale.ROOT));
            field.put("length", (long) f.length());
            field.put("externalId", f.externalId());
            field.put("unique", f.externalId());
            field.put("nillable", !f.required());
            field.put("createable", true);
            field.put("updateable", true);
            field.put("relationshipName", f.relationshipName());
            field.put("referenceTo", f.referenceTo() == null ? List.of() : List.of(f.referenceTo()));
            return field;
        }).toList();
        return Reply.json(200, Json.write(Map.of("name", name, "fields", fields)));
    }

    private Reply limited(Reply reply) {
        return reply.header("Sforce-Limit-Info", "api-usage=" + apiUsage + "/" + apiLimit);
    }

    private void bump(Endpoint endpoint) {
        counts.merge(endpoint, 1L, Long::sum);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
