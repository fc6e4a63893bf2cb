package dev.syncline.sim.http;

import dev.syncline.sim.store.ListQuery;
import dev.syncline.sim.store.ObjectType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Turns parsed query parameters into a {@link ListQuery} with Stripe's validation and defaults:
 * prices list only active ones unless {@code active} is given, subscriptions hide canceled ones
 * unless {@code status} is given, and unknown parameters are rejected the way Stripe rejects them
 * so a typo in the engine fails loudly instead of silently widening a backfill.
 */
public final class ListRequestParser {

    private static final Set<String> COMMON =
            Set.of("limit", "starting_after", "ending_before", "created", "expand");
    private static final Set<String> SUBSCRIPTION_STATUSES = Set.of(
            "active", "all", "canceled", "ended", "incomplete", "incomplete_expired", "past_due", "paused",
            "trialing", "unpaid");
    private static final Set<String> INVOICE_STATUSES = Set.of("draft", "open", "paid", "uncollectible", "void");
    /** Real Stripe filters the simulator does not evaluate yet; rejected rather than ignored. */
    private static final Set<String> NOT_SIMULATED = Set.of(
            "automatic_tax", "current_period_end", "current_period_start", "due_date");

    private ListRequestParser() {}

    public static ListQuery parse(ObjectType type, Map<String, Object> params) {
        rejectEmptyStrings(params, "");
        ListQuery query = ListQuery.firstPage(limit(params.get("limit")));
        String startingAfter = optionalString(params, "starting_after");
        String endingBefore = optionalString(params, "ending_before");
        if (startingAfter != null && endingBefore != null) {
            throw ApiError.invalidRequest(
                    "You may only specify one of these parameters: ending_before, starting_after.",
                    "ending_before", "parameter_invalid");
        }
        if (startingAfter != null) {
            query = query.startingAfter(startingAfter);
        }
        if (endingBefore != null) {
            query = query.endingBefore(endingBefore);
        }
        if (params.containsKey("created") && !type.hasCreatedFilter()) {
            throw unknown("created");
        }
        if (params.containsKey("created")) {
            long[] range = range("created", params.get("created"));
            query = query.created(range[0], range[1]);
        }
        Object expand = params.get("expand");
        if (expand != null && !(expand instanceof List<?>) && !(expand instanceof String)) {
            throw ApiError.invalidRequest("Invalid array", "expand", null);
        }

        List<Predicate<Map<String, Object>>> filters = new ArrayList<>();
        for (Map.Entry<String, Object> param : params.entrySet()) {
            String name = param.getKey();
            if (COMMON.contains(name)) {
                continue;
            }
            filters.add(filter(type, name, param.getValue()));
        }
        if (type == ObjectType.PRICE && !params.containsKey("active")) {
            filters.add(o -> Boolean.TRUE.equals(o.get("active")));
        }
        if (type == ObjectType.SUBSCRIPTION && !params.containsKey("status")) {
            filters.add(o -> !"canceled".equals(o.get("status")));
        }
        // "Defaults to owner[type]=self": the account's own tax ids, not its customers'.
        if (type == ObjectType.TAX_ID && !params.containsKey("owner")) {
            filters.add(o -> "self".equals(path(o, "owner", "type")));
        }
        if (type == ObjectType.EVENT && params.containsKey("type") && params.containsKey("types")) {
            throw ApiError.invalidRequest(
                    "You may only specify one of these parameters: type, types.", "types", "parameter_invalid");
        }
        if (type == ObjectType.SUBSCRIPTION_ITEM && !params.containsKey("subscription")) {
            throw ApiError.invalidRequest(
                    "Missing required param: subscription.", "subscription", "parameter_missing");
        }
        return filters.isEmpty() ? query : query.filter(allOf(filters));
    }

    /**
     * A per-parent list such as {@code /v1/customers/{id}/tax_ids}: paging, {@code expand} and the
     * named filters only, plus the parent constraint.
     */
    public static ListQuery parseChild(
            ObjectType type, Map<String, Object> params, Set<String> allowedFilters,
            Predicate<Map<String, Object>> parent) {
        rejectEmptyStrings(params, "");
        List<Predicate<Map<String, Object>>> filters = new ArrayList<>();
        filters.add(parent);
        Map<String, Object> paging = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Object> param : params.entrySet()) {
            String name = param.getKey();
            if (COMMON.contains(name) && !name.equals("created")) {
                paging.put(name, param.getValue());
            } else if (allowedFilters.contains(name)) {
                filters.add(filter(type, name, param.getValue()));
            } else {
                throw unknown(name);
            }
        }
        return parse(ObjectType.CUSTOMER, paging).filter(allOf(filters));
    }

    /** Retrieve only takes {@code expand}, which the simulator accepts and does not apply yet. */
    public static void validateRetrieve(Map<String, Object> params) {
        rejectEmptyStrings(params, "");
        for (String name : params.keySet()) {
            if (!name.equals("expand")) {
                throw unknown(name);
            }
        }
    }

    private static Predicate<Map<String, Object>> filter(ObjectType type, String name, Object value) {
        if (NOT_SIMULATED.contains(name) && isKnown(type, name)) {
            throw ApiError.invalidRequest(
                    "stripe-sim does not simulate the '" + name + "' list filter yet.", name, null);
        }
        switch (type) {
            case CUSTOMER -> {
                if (name.equals("email") || name.equals("test_clock")) {
                    return equalsField(name, string(name, value));
                }
            }
            case PRODUCT -> {
                switch (name) {
                    case "active", "shippable" -> {
                        return equalsField(name, bool(name, value));
                    }
                    case "type", "url" -> {
                        return equalsField(name, string(name, value));
                    }
                    case "ids" -> {
                        Set<String> ids = stringSet(name, value);
                        return o -> ids.contains(o.get("id"));
                    }
                    default -> { }
                }
            }
            case PRICE -> {
                switch (name) {
                    case "active" -> {
                        return equalsField(name, bool(name, value));
                    }
                    case "currency", "product", "type" -> {
                        return equalsField(name, string(name, value));
                    }
                    case "lookup_keys" -> {
                        Set<String> keys = stringSet(name, value);
                        return o -> keys.contains(o.get("lookup_key"));
                    }
                    case "recurring" -> {
                        return recurring(value);
                    }
                    default -> { }
                }
            }
            case SUBSCRIPTION -> {
                switch (name) {
                    case "customer", "customer_account", "collection_method", "test_clock" -> {
                        return equalsField(name, string(name, value));
                    }
                    case "status" -> {
                        return subscriptionStatus(string(name, value));
                    }
                    case "price", "plan" -> {
                        String priceId = string(name, value);
                        return o -> hasItemPrice(o, priceId);
                    }
                    default -> { }
                }
            }
            case INVOICE -> {
                switch (name) {
                    case "customer", "customer_account", "collection_method" -> {
                        return equalsField(name, string(name, value));
                    }
                    case "status" -> {
                        String status = string(name, value);
                        if (!INVOICE_STATUSES.contains(status)) {
                            throw ApiError.invalidRequest(
                                    "Invalid status: must be one of draft, open, paid, uncollectible, or void", name,
                                    "parameter_invalid");
                        }
                        return equalsField(name, status);
                    }
                    case "subscription" -> {
                        String subscription = string(name, value);
                        return o -> subscription.equals(path(o, "parent", "subscription_details", "subscription"));
                    }
                    default -> { }
                }
            }
            default -> {
                Predicate<Map<String, Object>> generic = genericFilter(type, name, value);
                if (generic != null) {
                    return generic;
                }
            }
        }
        throw unknown(name);
    }

    /** Filters of the remaining types: equality on a top-level field, as Stripe documents them. */
    private static @Nullable Predicate<Map<String, Object>> genericFilter(ObjectType type, String name, Object value) {
        Set<String> strings = switch (type) {
            case PLAN -> Set.of("product");
            case PROMOTION_CODE -> Set.of("code", "customer", "customer_account");
            case SUBSCRIPTION_ITEM -> Set.of("subscription");
            case INVOICE_ITEM -> Set.of("customer", "customer_account", "invoice");
            case CHARGE -> Set.of("customer", "payment_intent", "transfer_group");
            case REFUND, DISPUTE -> Set.of("charge", "payment_intent");
            case PAYMENT_INTENT -> Set.of("customer", "customer_account");
            case SETUP_INTENT -> Set.of("customer", "customer_account", "payment_method");
            case PAYMENT_METHOD -> Set.of("customer", "customer_account", "type", "allow_redisplay");
            case BALANCE_TRANSACTION -> Set.of("currency", "source", "type");
            case PAYOUT -> Set.of("status", "destination");
            case CREDIT_NOTE -> Set.of("customer", "customer_account", "invoice");
            case CHECKOUT_SESSION -> Set.of(
                    "customer", "customer_account", "payment_intent", "payment_link", "status", "subscription");
            default -> Set.of();
        };
        if (strings.contains(name)) {
            return equalsField(name, string(name, value));
        }
        Set<String> booleans = switch (type) {
            case PLAN, PROMOTION_CODE -> Set.of("active");
            case TAX_RATE -> Set.of("active", "inclusive");
            case SETUP_INTENT -> Set.of("attach_to_self");
            default -> Set.of();
        };
        if (booleans.contains(name)) {
            boolean expected = bool(name, value);
            if (name.equals("attach_to_self")) {
                return o -> true;
            }
            return equalsField(name, expected);
        }
        if (type == ObjectType.INVOICE_ITEM && name.equals("pending")) {
            boolean pending = bool(name, value);
            return o -> (o.get("invoice") == null) == pending;
        }
        if (type == ObjectType.PROMOTION_CODE && name.equals("coupon")) {
            String coupon = string(name, value);
            return o -> coupon.equals(path(o, "promotion", "coupon"));
        }
        if (type == ObjectType.PAYOUT && name.equals("arrival_date")) {
            long[] range = range(name, value);
            return o -> o.get("arrival_date") instanceof Long at && at >= range[0] && at <= range[1];
        }
        if (type == ObjectType.BALANCE_TRANSACTION && name.equals("payout")) {
            throw ApiError.invalidRequest(
                    "stripe-sim does not simulate the 'payout' list filter yet.", name, null);
        }
        if (type == ObjectType.CHECKOUT_SESSION && name.equals("customer_details") && value instanceof Map<?, ?> details) {
            Object email = details.get("email");
            if (details.size() != 1 || email == null) {
                throw unknown("customer_details");
            }
            String expected = string("customer_details[email]", email);
            return o -> expected.equals(path(o, "customer_details", "email"));
        }
        if (type == ObjectType.EVENT) {
            switch (name) {
                case "type" -> {
                    String pattern = string(name, value);
                    return o -> eventTypeMatches(pattern, (String) o.get("type"));
                }
                case "types" -> {
                    Set<String> types = stringSet(name, value);
                    if (types.size() > 20) {
                        throw ApiError.invalidRequest("You may pass at most 20 types.", "types", "parameter_invalid");
                    }
                    return o -> types.stream().anyMatch(t -> eventTypeMatches(t, (String) o.get("type")));
                }
                case "delivery_success" -> {
                    boolean delivered = bool(name, value);
                    return o -> (((Number) o.get("pending_webhooks")).longValue() == 0) == delivered;
                }
                default -> { }
            }
        }
        if (type == ObjectType.TAX_ID && name.equals("owner")) {
            return taxIdOwner(value);
        }
        return null;
    }

    /** {@code *} matches any run of characters: {@code customer.*}, {@code *.deleted}. */
    static boolean eventTypeMatches(String pattern, String type) {
        if (!pattern.contains("*")) {
            return pattern.equals(type);
        }
        String regex = java.util.Arrays.stream(pattern.split("\\*", -1))
                .map(java.util.regex.Pattern::quote).collect(java.util.stream.Collectors.joining(".*"));
        return type.matches(regex);
    }

    private static Predicate<Map<String, Object>> taxIdOwner(Object value) {
        if (!(value instanceof Map<?, ?> owner)) {
            throw ApiError.invalidRequest("Invalid hash", "owner", null);
        }
        for (Object key : owner.keySet()) {
            if (!Set.of("type", "customer", "account", "customer_account").contains(key)) {
                throw unknown("owner[" + key + "]");
            }
        }
        String ownerType = owner.get("type") == null ? null : string("owner[type]", owner.get("type"));
        if (ownerType == null) {
            throw ApiError.invalidRequest("Missing required param: owner[type].", "owner[type]", "parameter_missing");
        }
        if (ownerType.equals("customer")) {
            Object customer = owner.get("customer");
            if (customer == null) {
                throw ApiError.invalidRequest(
                        "Missing required param: owner[customer].", "owner[customer]", "parameter_missing");
            }
            String customerId = string("owner[customer]", customer);
            return o -> "customer".equals(path(o, "owner", "type")) && customerId.equals(path(o, "owner", "customer"));
        }
        if (!Set.of("self", "account", "application").contains(ownerType)) {
            throw ApiError.invalidRequest("Invalid owner[type]: must be one of account, application, customer, or self",
                    "owner[type]", "parameter_invalid");
        }
        return o -> ownerType.equals(path(o, "owner", "type"));
    }

    private static boolean isKnown(ObjectType type, String name) {
        return switch (name) {
            case "automatic_tax", "current_period_end", "current_period_start" -> type == ObjectType.SUBSCRIPTION;
            case "due_date" -> type == ObjectType.INVOICE;
            default -> false;
        };
    }

    private static Predicate<Map<String, Object>> subscriptionStatus(String status) {
        if (!SUBSCRIPTION_STATUSES.contains(status)) {
            throw ApiError.invalidRequest(
                    "Invalid status: must be one of active, all, canceled, ended, incomplete, incomplete_expired, "
                            + "past_due, paused, trialing, or unpaid",
                    "status", "parameter_invalid");
        }
        return switch (status) {
            case "all" -> o -> true;
            case "ended" -> o -> "canceled".equals(o.get("status")) || "incomplete_expired".equals(o.get("status"));
            default -> equalsField("status", status);
        };
    }

    private static Predicate<Map<String, Object>> recurring(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw ApiError.invalidRequest("Invalid hash", "recurring", null);
        }
        List<Predicate<Map<String, Object>>> parts = new ArrayList<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = (String) entry.getKey();
            String full = "recurring[" + key + "]";
            if (!key.equals("interval") && !key.equals("usage_type") && !key.equals("meter")) {
                throw unknown(full);
            }
            String expected = string(full, entry.getValue());
            parts.add(o -> expected.equals(path(o, "recurring", key)));
        }
        return allOf(parts);
    }

    @SuppressWarnings("unchecked")
    private static boolean hasItemPrice(Map<String, Object> subscription, String priceId) {
        Object items = path(subscription, "items", "data");
        if (items instanceof List<?> list) {
            for (Object item : list) {
                if (priceId.equals(path((Map<String, Object>) item, "price", "id"))) {
                    return true;
                }
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static Object path(Map<String, Object> object, String... keys) {
        Object current = object;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = ((Map<String, Object>) map).get(key);
        }
        return current;
    }

    private static int limit(Object value) {
        if (value == null) {
            return ListQuery.DEFAULT_LIMIT;
        }
        long limit = integer("limit", value);
        if (limit < 1) {
            throw ApiError.invalidRequest(
                    "This value must be greater than or equal to 1.", "limit", "parameter_invalid_integer");
        }
        if (limit > 100) {
            throw ApiError.invalidRequest(
                    "This value must be less than or equal to 100.", "limit", "parameter_invalid_integer");
        }
        return (int) limit;
    }

    /** Folds an exact value or gt/gte/lt/lte into one inclusive [from, to] range. */
    static long[] range(String name, Object value) {
        if (value instanceof String) {
            long exact = integer(name, value);
            return new long[] {exact, exact};
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw ApiError.invalidRequest("Invalid " + name + ": must be an integer or a hash", name, null);
        }
        long from = Long.MIN_VALUE;
        long to = Long.MAX_VALUE;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = (String) entry.getKey();
            String full = name + "[" + key + "]";
            long bound = integer(full, entry.getValue());
            switch (key) {
                case "gt" -> from = Math.max(from, bound == Long.MAX_VALUE ? bound : bound + 1);
                case "gte" -> from = Math.max(from, bound);
                case "lt" -> to = Math.min(to, bound == Long.MIN_VALUE ? bound : bound - 1);
                case "lte" -> to = Math.min(to, bound);
                default -> throw unknown(full);
            }
        }
        return new long[] {from, to};
    }

    private static long integer(String name, Object value) {
        if (value instanceof String text) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw ApiError.invalidRequest("Invalid integer: " + text, name, "parameter_invalid_integer");
            }
        }
        throw ApiError.invalidRequest("Invalid integer: " + value, name, "parameter_invalid_integer");
    }

    private static boolean bool(String name, Object value) {
        if ("true".equals(value)) {
            return true;
        }
        if ("false".equals(value)) {
            return false;
        }
        throw ApiError.invalidRequest("Invalid boolean: " + value, name, null);
    }

    private static String string(String name, Object value) {
        if (value instanceof String text) {
            return text;
        }
        throw ApiError.invalidRequest("Invalid string: " + value, name, null);
    }

    private static String optionalString(Map<String, Object> params, String name) {
        Object value = params.get(name);
        return value == null ? null : string(name, value);
    }

    private static Set<String> stringSet(String name, Object value) {
        Set<String> result = new HashSet<>();
        if (value instanceof List<?> list) {
            for (Object element : list) {
                result.add(string(name, element));
            }
            return result;
        }
        throw ApiError.invalidRequest("Invalid array", name, null);
    }

    private static Predicate<Map<String, Object>> equalsField(String field, Object expected) {
        return o -> expected.equals(o.get(field));
    }

    private static Predicate<Map<String, Object>> allOf(List<Predicate<Map<String, Object>>> filters) {
        if (filters.size() == 1) {
            return filters.get(0);
        }
        List<Predicate<Map<String, Object>>> copy = List.copyOf(filters);
        return o -> {
            for (Predicate<Map<String, Object>> filter : copy) {
                if (!filter.test(o)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static ApiError unknown(String name) {
        return ApiError.invalidRequest("Received unknown parameter: " + name, name, "parameter_unknown");
    }

    private static void rejectEmptyStrings(Map<String, Object> params, String prefix) {
        for (Map.Entry<String, Object> entry : params.entrySet()) {
            String name = prefix.isEmpty() ? entry.getKey() : prefix + "[" + entry.getKey() + "]";
            if ("".equals(entry.getValue())) {
                throw ApiError.invalidRequest(
                        "You passed an empty string for '" + name + "'. We assume empty values are an attempt to "
                                + "unset a parameter; however '" + name + "' cannot be unset. You should remove '"
                                + name + "' from your request or supply a non-empty value.",
                        name, "parameter_invalid_empty");
            }
            if (entry.getValue() instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) nested;
                rejectEmptyStrings(typed, name);
            }
        }
    }
}
