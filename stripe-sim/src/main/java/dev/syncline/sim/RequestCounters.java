package dev.syncline.sim;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests the simulator has answered, by endpoint ({@code "GET /v1/customers/{id}"}, ids folded
 * into {@code {id}}), by account (the {@code Stripe-Account} header, or the platform account) and
 * by HTTP status. Benchmarks read it to report how many calls a sync needed and how many were
 * throttled. Connection resets have no status and are counted separately.
 */
public final class RequestCounters {

    private final ConcurrentHashMap<String, LongAdder> byEndpoint = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> byAccount = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    private final LongAdder resets = new LongAdder();

    /** Counts one answered request. */
    public void record(String endpoint, String account, int status) {
        total.increment();
        byEndpoint.computeIfAbsent(endpoint, k -> new LongAdder()).increment();
        byAccount.computeIfAbsent(account, k -> new LongAdder()).increment();
        byStatus.computeIfAbsent(status, k -> new LongAdder()).increment();
    }

    /** Counts one request whose connection was reset on purpose (it still counts per endpoint and account). */
    public void recordReset(String endpoint, String account) {
        total.increment();
        resets.increment();
        byEndpoint.computeIfAbsent(endpoint, k -> new LongAdder()).increment();
        byAccount.computeIfAbsent(account, k -> new LongAdder()).increment();
    }

    public long total() {
        return total.sum();
    }

    public long connectionResets() {
        return resets.sum();
    }

    /** Requests to one endpoint, e.g. {@code "GET /v1/customers"}. */
    public long endpoint(String endpoint) {
        LongAdder adder = byEndpoint.get(endpoint);
        return adder == null ? 0 : adder.sum();
    }

    public long status(int status) {
        LongAdder adder = byStatus.get(status);
        return adder == null ? 0 : adder.sum();
    }

    public long account(String accountId) {
        LongAdder adder = byAccount.get(accountId);
        return adder == null ? 0 : adder.sum();
    }

    /** A sorted snapshot. */
    public Map<String, Long> byEndpoint() {
        return snapshot(byEndpoint);
    }

    public Map<String, Long> byAccount() {
        return snapshot(byAccount);
    }

    public Map<Integer, Long> byStatus() {
        return snapshot(byStatus);
    }

    /** Starts counting from zero, e.g. between the set-up and the measured part of a benchmark. */
    public void reset() {
        byEndpoint.clear();
        byAccount.clear();
        byStatus.clear();
        total.reset();
        resets.reset();
    }

    @Override
    public String toString() {
        return "RequestCounters[total=" + total() + ", byStatus=" + byStatus() + ", byEndpoint=" + byEndpoint() + "]";
    }

    private static <K extends Comparable<K>> Map<K, Long> snapshot(ConcurrentHashMap<K, LongAdder> counts) {
        Map<K, Long> copy = new TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.sum()));
        return java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * Folds ids into {@code {id}} so counts group by Stripe operation: a path segment is an id when
     * it has an underscore and a digit or capital letter ({@code cus_9Xb…}), which no collection
     * name ({@code tax_ids}, {@code payment_methods}) has.
     */
    public static String endpointOf(String method, String path) {
        int q = path.indexOf('?');
        String bare = q < 0 ? path : path.substring(0, q);
        StringBuilder out = new StringBuilder(method.length() + bare.length() + 4).append(method).append(' ');
        int start = 0;
        while (start <= bare.length()) {
            int slash = bare.indexOf('/', start);
            int end = slash < 0 ? bare.length() : slash;
            String segment = bare.substring(start, end);
            out.append(looksLikeId(segment) ? "{id}" : segment);
            if (slash < 0) {
                break;
            }
            out.append('/');
            start = slash + 1;
        }
        return out.toString();
    }

    private static boolean looksLikeId(String segment) {
        if (segment.indexOf('_') < 0) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (Character.isDigit(c) || Character.isUpperCase(c)) {
                return true;
            }
        }
        return false;
    }
}
