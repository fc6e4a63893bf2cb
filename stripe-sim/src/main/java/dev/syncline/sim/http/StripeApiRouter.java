package dev.syncline.sim.http;

import dev.syncline.sim.store.CursorNotFoundException;
import dev.syncline.sim.store.Json;
import dev.syncline.sim.store.ListPage;
import dev.syncline.sim.store.ListQuery;
import dev.syncline.sim.store.ObjectStore;
import dev.syncline.sim.store.ObjectType;
import dev.syncline.sim.store.StoredObject;
import dev.syncline.sim.store.TypeStore;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a request (method, raw URI, Authorization header) to a rendered response. Kept free of
 * Netty types so routing, validation and paging can be unit-tested without a socket, and so the
 * event loop only ever does in-memory work: no call here blocks.
 */
public final class StripeApiRouter {

    private static final Logger LOG = LoggerFactory.getLogger(StripeApiRouter.class);
    private static final byte[] LIST_HEAD = "{\"object\":\"list\",\"data\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] COMMA = {','};
    private static final long EVENT_RETENTION_SECONDS = 30L * 86_400;

    private final ObjectStore store;
    private final byte[] accountJson;
    private final Expander expander;
    private final java.util.function.LongSupplier nowSeconds;
    private final String accountId;
    private final @Nullable AccountDirectory directory;

    private long retentionStart() {
        return nowSeconds.getAsLong() - EVENT_RETENTION_SECONDS;
    }

    public StripeApiRouter(ObjectStore store, Map<String, Object> account) {
        this(store, account, () -> System.currentTimeMillis() / 1000);
    }

    /** @param nowSeconds the simulator's clock, which decides what is older than the 30-day event retention */
    public StripeApiRouter(ObjectStore store, Map<String, Object> account, java.util.function.LongSupplier nowSeconds) {
        this(store, account, nowSeconds, null);
    }

    /**
     * @param directory set for the platform: requests naming another account in {@code Stripe-Account}
     *     are served by that account's router, or refused if the platform cannot act for it
     */
    public StripeApiRouter(
            ObjectStore store, Map<String, Object> account, java.util.function.LongSupplier nowSeconds,
            @Nullable AccountDirectory directory) {
        this.directory = directory;
        this.accountId = (String) account.get("id");
        this.nowSeconds = nowSeconds;
        this.store = store;
        this.expander = new Expander(store);
        this.accountJson = Json.toBytes(account);
    }

    public SimResponse handle(String method, String uri, @Nullable String authorization) {
        return handle(new RouterRequest(method, uri, authorization, null, null, new byte[0]));
    }

    public SimResponse handle(RouterRequest request) {
        String method = request.method();
        String uri = request.uri();
        String authorization = request.authorization();
        try {
            String key = authenticate(authorization);
            int q = uri.indexOf('?');
            String path = q < 0 ? uri : uri.substring(0, q);
            String query = q < 0 ? null : uri.substring(q + 1);
            String account = request.stripeAccount();
            if (directory != null && account != null && !account.isBlank() && !account.equals(accountId)) {
                StripeApiRouter connected = directory.connected(account);
                if (connected == null) {
                    throw ApiError.accountInaccessible(redact(key), account);
                }
                return connected.route(method, path, query);
            }
            return route(method, path, query);
        } catch (ApiError e) {
            return new SimResponse(e.status(), Json.toBytes(e.body()));
        } catch (RuntimeException e) {
            LOG.error("Unexpected failure serving {} {}", method, uri, e);
            return new SimResponse(500, Json.toBytes(Map.of("error", Map.of(
                    "type", "api_error",
                    "message", "An unknown error occurred in stripe-sim: " + e))));
        }
    }

    private SimResponse route(String method, String path, @Nullable String query) {
        if (!method.equals("GET") || !path.startsWith("/v1/")) {
            throw ApiError.unrecognizedUrl(method, path);
        }
        List<String> segments = List.of(path.substring(4).split("/", -1));
        if (segments.stream().anyMatch(String::isEmpty)) {
            throw ApiError.unrecognizedUrl(method, path);
        }
        Map<String, Object> params = FormParams.parse(query);
        if (segments.size() == 1 && segments.get(0).equals("account")) {
            ListRequestParser.validateRetrieve(params);
            return new SimResponse(200, accountJson);
        }
        String collection = segments.get(0);
        int idAt = 1;
        if (collection.equals("checkout") && segments.size() > 1) {
            collection = "checkout/" + segments.get(1);
            idAt = 2;
        }
        Optional<ObjectType> found = ObjectType.byPathSegment(collection);
        if (found.isEmpty()) {
            throw ApiError.unrecognizedUrl(method, path);
        }
        ObjectType type = found.get();
        List<String> rest = segments.subList(idAt, segments.size());
        if (rest.isEmpty()) {
            ListQuery listQuery = ListRequestParser.parse(type, params);
            if (type == ObjectType.EVENT) {
                // Stripe serves 30 days of events; older ones fall out of every query.
                listQuery = listQuery.created(Math.max(listQuery.createdFrom(), retentionStart()), listQuery.createdTo());
            }
            return list(store.of(type), listQuery, type.listUrl(), params);
        }
        String id = URLDecoder.decode(rest.get(0), StandardCharsets.UTF_8);
        if (type == ObjectType.EVENT && rest.size() == 1) {
            ListRequestParser.validateRetrieve(params);
            StoredObject event = store.of(type).get(id)
                    .filter(e -> e.created() >= retentionStart())
                    .orElseThrow(() -> ApiError.resourceMissing("event", id, "id"));
            return new SimResponse(200, event.bytes());
        }
        if (type == ObjectType.ACCOUNT && rest.size() == 1) {
            return retrieveAccount(id, params);
        }
        if (rest.size() == 1) {
            return retrieve(type, id, params, "id");
        }
        if (type == ObjectType.CUSTOMER && (rest.get(1).equals("tax_ids") || rest.get(1).equals("payment_methods"))) {
            return customerChild(method, path, id, rest, params);
        }
        if (type == ObjectType.INVOICE && rest.size() == 2 && rest.get(1).equals("lines")) {
            return invoiceLines(id, params, path);
        }
        throw ApiError.unrecognizedUrl(method, path);
    }

    /** The platform itself, or one of its connected accounts while it may still act for it. */
    private SimResponse retrieveAccount(String id, Map<String, Object> params) {
        if (id.equals(accountId)) {
            ListRequestParser.validateRetrieve(params);
            return new SimResponse(200, accountJson);
        }
        if (directory != null && directory.connected(id) == null && store.of(ObjectType.ACCOUNT).get(id).isPresent()) {
            throw ApiError.permission(
                    "The platform does not have access to account '" + id + "'. Application access may have been revoked.");
        }
        return retrieve(ObjectType.ACCOUNT, id, params, "account");
    }

    private SimResponse retrieve(ObjectType type, String id, Map<String, Object> params, String param) {
        ListRequestParser.validateRetrieve(params);
        StoredObject object = store.of(type).get(id)
                .orElseThrow(() -> ApiError.resourceMissing(type.objectName(), id, param));
        List<String> expand = Expander.paths(params);
        if (expand.isEmpty() || object.deleted()) {
            return new SimResponse(200, object.bytes());
        }
        return new SimResponse(200, Json.toBytes(expander.expand(object.json(), expand)));
    }

    /** {@code /v1/customers/{id}/tax_ids} and {@code /payment_methods}, with their own list url. */
    private SimResponse customerChild(
            String method, String path, String customerId, List<String> rest, Map<String, Object> params) {
        StoredObject customer = store.of(ObjectType.CUSTOMER).get(customerId)
                .filter(c -> !c.deleted())
                .orElseThrow(() -> ApiError.resourceMissing("customer", customerId, "customer"));
        boolean taxIds = rest.get(1).equals("tax_ids");
        ObjectType childType = taxIds ? ObjectType.TAX_ID : ObjectType.PAYMENT_METHOD;
        java.util.function.Predicate<Map<String, Object>> owned = taxIds
                ? o -> customer.id().equals(o.get("customer"))
                : o -> customer.id().equals(o.get("customer"));
        if (rest.size() == 2) {
            ListQuery query = ListRequestParser.parseChild(
                    childType, params, taxIds ? java.util.Set.of() : java.util.Set.of("type", "allow_redisplay"), owned);
            return list(store.of(childType), query, path, params);
        }
        if (rest.size() == 3) {
            String childId = URLDecoder.decode(rest.get(2), StandardCharsets.UTF_8);
            StoredObject child = store.of(childType).get(childId)
                    .filter(c -> c.deleted() || owned.test(c.json()))
                    .orElseThrow(() -> ApiError.resourceMissing(childType.objectName(), childId, "id"));
            return retrieve(childType, child.id(), params, "id");
        }
        throw ApiError.unrecognizedUrl(method, path);
    }

    /** Lines live inside the invoice; this pages through that embedded list in its own order. */
    @SuppressWarnings("unchecked")
    private SimResponse invoiceLines(String invoiceId, Map<String, Object> params, String url) {
        StoredObject invoice = store.of(ObjectType.INVOICE).get(invoiceId)
                .filter(i -> !i.deleted())
                .orElseThrow(() -> ApiError.resourceMissing("invoice", invoiceId, "invoice"));
        ListQuery query = ListRequestParser.parseChild(ObjectType.INVOICE, params, java.util.Set.of(), o -> true);
        List<Map<String, Object>> lines =
                (List<Map<String, Object>>) ((Map<String, Object>) invoice.json().get("lines")).get("data");
        int from = 0;
        int to = lines.size();
        if (query.startingAfter() != null) {
            from = indexOf(lines, query.startingAfter(), "starting_after") + 1;
        } else if (query.endingBefore() != null) {
            to = indexOf(lines, query.endingBefore(), "ending_before");
            from = Math.max(0, to - query.limit());
        }
        int end = Math.min(to, from + query.limit());
        boolean hasMore = query.endingBefore() != null ? from > 0 : end < to;
        Map<String, Object> page = new java.util.LinkedHashMap<>();
        page.put("object", "list");
        page.put("data", lines.subList(from, end));
        page.put("has_more", hasMore);
        page.put("url", url);
        return new SimResponse(200, Json.toBytes(page));
    }

    private static int indexOf(List<Map<String, Object>> lines, String id, String param) {
        for (int i = 0; i < lines.size(); i++) {
            if (id.equals(lines.get(i).get("id"))) {
                return i;
            }
        }
        throw ApiError.resourceMissing("line_item", id, param);
    }

    private SimResponse list(TypeStore typeStore, ListQuery query, String url, Map<String, Object> params) {
        ListPage page;
        try {
            page = typeStore.list(query);
        } catch (CursorNotFoundException e) {
            String param = query.startingAfter() != null ? "starting_after" : "ending_before";
            throw ApiError.resourceMissing(typeStore.type().objectName(), e.cursorId(), param);
        }
        List<String> expand = Expander.paths(params);
        if (expand.isEmpty()) {
            return new SimResponse(200, renderList(page, url));
        }
        List<Map<String, Object>> data = new java.util.ArrayList<>();
        Map<String, Object> envelope = new java.util.LinkedHashMap<>();
        envelope.put("object", "list");
        envelope.put("data", page.data().stream().map(StoredObject::json).toList());
        envelope.put("has_more", page.hasMore());
        envelope.put("url", url);
        Map<String, Object> expanded = expander.expand(envelope, expand);
        data.addAll((List<Map<String, Object>>) (List<?>) expanded.get("data"));
        return new SimResponse(200, Json.toBytes(expanded));
    }

    /** Concatenates the cached object bytes instead of re-serialising: the hot path for paging. */
    static byte[] renderList(ListPage page, String url) {
        byte[] tail = ("],\"has_more\":" + page.hasMore() + ",\"url\":\"" + url + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        int size = LIST_HEAD.length + tail.length + Math.max(0, page.data().size() - 1);
        for (StoredObject o : page.data()) {
            size += o.bytes().length;
        }
        byte[] out = new byte[size];
        int at = copy(LIST_HEAD, out, 0);
        for (int i = 0; i < page.data().size(); i++) {
            if (i > 0) {
                at = copy(COMMA, out, at);
            }
            at = copy(page.data().get(i).bytes(), out, at);
        }
        copy(tail, out, at);
        return out;
    }

    private static int copy(byte[] from, byte[] to, int at) {
        System.arraycopy(from, 0, to, at, from.length);
        return at + from.length;
    }

    /** Bearer as stripe-java sends it, and Basic as {@code curl -u sk_test_…:} sends it. */
    private static String authenticate(@Nullable String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw ApiError.authentication(
                    "You did not provide an API key. You need to provide your API key in the Authorization "
                            + "header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See "
                            + "https://stripe.com/docs/api#authentication for details, or we can help at "
                            + "https://support.stripe.com/.");
        }
        String key = null;
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            key = authorization.substring(7).trim();
        } else if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(
                        Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                key = colon < 0 ? decoded : decoded.substring(0, colon);
            } catch (IllegalArgumentException e) {
                key = "";
            }
        }
        if (key == null) {
            throw ApiError.authentication(
                    "Invalid API Key provided: use 'Authorization: Bearer YOUR_SECRET_KEY'.");
        }
        if (!(key.startsWith("sk_test_") || key.startsWith("sk_live_") || key.startsWith("rk_"))) {
            throw ApiError.authentication("Invalid API Key provided: " + redact(key));
        }
        return key;
    }

    private static String redact(String key) {
        if (key.length() <= 12) {
            return "*".repeat(key.length());
        }
        return key.substring(0, 8) + "*".repeat(key.length() - 12) + key.substring(key.length() - 4);
    }
}
