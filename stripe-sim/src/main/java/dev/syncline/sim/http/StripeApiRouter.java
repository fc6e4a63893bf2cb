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

    private final ObjectStore store;
    private final byte[] accountJson;

    public StripeApiRouter(ObjectStore store, Map<String, Object> account) {
        this.store = store;
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
            authenticate(authorization);
            int q = uri.indexOf('?');
            String path = q < 0 ? uri : uri.substring(0, q);
            String query = q < 0 ? null : uri.substring(q + 1);
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

    private SimResponse route(String method, String path, String query) {
        List<String> segments = List.of(path.split("/", -1));
        // A valid path splits into "", "v1", then one or two non-empty segments.
        if (!method.equals("GET") || segments.size() < 3 || segments.size() > 4
                || !segments.get(0).isEmpty() || !segments.get(1).equals("v1")
                || segments.stream().skip(2).anyMatch(String::isEmpty)) {
            throw ApiError.unrecognizedUrl(method, path);
        }
        String collection = segments.get(2);
        if (segments.size() == 3 && collection.equals("account")) {
            ListRequestParser.validateRetrieve(FormParams.parse(query));
            return new SimResponse(200, accountJson);
        }
        Optional<ObjectType> type = ObjectType.byPathSegment(collection);
        if (type.isEmpty()) {
            throw ApiError.unrecognizedUrl(method, path);
        }
        TypeStore typeStore = store.of(type.get());
        Map<String, Object> params = FormParams.parse(query);
        if (segments.size() == 3) {
            return list(typeStore, params);
        }
        ListRequestParser.validateRetrieve(params);
        String id = URLDecoder.decode(segments.get(3), StandardCharsets.UTF_8);
        StoredObject object = typeStore.get(id)
                .orElseThrow(() -> ApiError.resourceMissing(type.get().objectName(), id, "id"));
        return new SimResponse(200, object.bytes());
    }

    private SimResponse list(TypeStore typeStore, Map<String, Object> params) {
        ListQuery query = ListRequestParser.parse(typeStore.type(), params);
        ListPage page;
        try {
            page = typeStore.list(query);
        } catch (CursorNotFoundException e) {
            String param = query.startingAfter() != null ? "starting_after" : "ending_before";
            throw ApiError.resourceMissing(typeStore.type().objectName(), e.cursorId(), param);
        }
        return new SimResponse(200, renderList(page, typeStore.type().listUrl()));
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
    private static void authenticate(@Nullable String authorization) {
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
    }

    private static String redact(String key) {
        if (key.length() <= 12) {
            return "*".repeat(key.length());
        }
        return key.substring(0, 8) + "*".repeat(key.length() - 12) + key.substring(key.length() - 4);
    }
}
