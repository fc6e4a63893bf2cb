package dev.syncline.runner.policy;

import dev.syncline.connector.http.GuardedHttpClient;
import dev.syncline.connector.policy.AccessPolicy;
import dev.syncline.connector.policy.EgressAllowList;
import dev.syncline.connector.spi.ConnectorMetrics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The validated policy of a Syncline process: what the manifest grants, where data may go, which
 * pipelines each type is routed to and what each pipeline expands. Read by {@link PolicyReader}.
 */
public final class AppPolicy {
    private final String manifest;
    private final AccessPolicy access;
    private final EgressAllowList egress;
    private final @Nullable Map<String, List<String>> routes;
    private final Map<String, Map<String, List<String>>> expansions;

    AppPolicy(String manifest, AccessPolicy access, EgressAllowList egress, @Nullable Map<String, List<String>> routes,
              Map<String, Map<String, List<String>>> expansions) {
        this.manifest = manifest;
        this.access = access;
        this.egress = egress;
        this.routes = routes == null ? null : Map.copyOf(routes);
        this.expansions = Map.copyOf(expansions);
    }

    /** Where the manifest was read. */
    public String manifest() {
        return manifest;
    }

    public AccessPolicy access() {
        return access;
    }

    public EgressAllowList egress() {
        return egress;
    }

    /** The types routed to pipeline {@code name}, or null when no routes restrict them. */
    @Nullable Set<String> routedTypes(String name) {
        return routes == null ? null : routes.entrySet().stream()
                .filter(e -> e.getValue().contains(name)).map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    /** The policy of pipeline {@code name}; its denials are counted in {@code metrics}. */
    public PipelinePolicy forPipeline(String name, ConnectorMetrics metrics) {
        Set<String> routed = routedTypes(name);
        GuardedHttpClient http = GuardedHttpClient.builder(egress).metrics(metrics).build();
        return new PipelinePolicy(name, access, routed, expansions.getOrDefault(name, Map.of()), new PolicyAudit(name, metrics), http);
    }

    /** The decision the webhook intake and the Events API poller take on each event type. */
    public EventPolicy events(ConnectorMetrics metrics) {
        return new EventPolicy(access, new PolicyAudit("intake", metrics));
    }
}
