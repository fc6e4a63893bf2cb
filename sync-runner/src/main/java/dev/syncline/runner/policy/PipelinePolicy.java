package dev.syncline.runner.policy;

import dev.syncline.connector.http.GuardedHttpClient;
import dev.syncline.connector.policy.AccessPolicy;
import dev.syncline.connector.policy.Decision;
import dev.syncline.connector.record.SyncRecord;
import dev.syncline.runner.catalog.StripeCatalog;
import dev.syncline.runner.catalog.ListPass;
import dev.syncline.runner.catalog.StripeObjectType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The policy of one pipeline, applied where data enters and leaves it:
 *
 * <ul>
 *   <li>{@link #sources}: the list-API streams to read, without the types it may not read, each
 *       with its configured expansions;
 *   <li>{@link #permit}: fan-out, so a record of a type the pipeline may not receive is dropped,
 *       and nested objects of such types are cut to their id;
 *   <li>{@link #http()}: the guarded client its connector sends with.
 * </ul>
 *
 * A type may reach the pipeline when the manifest grants its read permission and the YAML's
 * {@code routes} (if any) send it there. Every denial is audited.
 */
public final class PipelinePolicy implements AutoCloseable {
    private final String pipeline;
    private final AccessPolicy access;
    private final @Nullable Set<String> routed;
    private final Map<String, List<String>> expansions;
    private final PolicyAudit audit;
    private final GuardedHttpClient http;

    PipelinePolicy(String pipeline, AccessPolicy access, @Nullable Set<String> routed, Map<String, List<String>> expansions,
                   PolicyAudit audit, GuardedHttpClient http) {
        this.pipeline = pipeline;
        this.access = access;
        this.routed = routed == null ? null : Set.copyOf(routed);
        this.expansions = Map.copyOf(expansions);
        this.audit = audit;
        this.http = http;
    }

    /** Whether records of {@code objectType} may reach this pipeline's destination. */
    public Decision allows(String objectType) {
        Decision read = access.readable(objectType);
        if (read.denied()) {
            return read;
        }
        if (routed != null && !routed.contains(objectType)) {
            return Decision.deny("routes do not send " + objectType + " to pipeline " + pipeline);
        }
        return Decision.allow();
    }

    /** The streams to read for {@code objects}: denied types left out (and audited), expansions added. */
    public List<StripeObjectType> sources(List<String> objects) {
        List<StripeObjectType> types = new ArrayList<>();
        for (String name : objects) {
            Decision decision = allows(name);
            if (decision.denied()) {
                audit.denied("source", name, code(decision), decision.reason());
                continue;
            }
            types.add(withExpansions(StripeCatalog.get(name)));
        }
        return types;
    }

    /**
     * The record as this pipeline may deliver it: empty if its type may not reach the pipeline,
     * otherwise with nested objects of types that may not cut down to their ids.
     */
    public Optional<SyncRecord> permit(SyncRecord record) {
        String type = record.key().objectType();
        Decision decision = allows(type);
        if (decision.denied()) {
            audit.denied("fanout", type, code(decision), decision.reason());
            return Optional.empty();
        }
        Map<String, @Nullable Object> payload = NestedObjects.cut(record.payload(), t -> allows(t).allowed(),
                cut -> audit.denied("nested", cut, code(allows(cut)), "nested " + cut + " objects inside " + type
                        + " are cut to their ids: " + allows(cut).reason()));
        return Optional.of(payload == record.payload() ? record
                : new SyncRecord(record.key(), record.operation(), record.version(), record.origin(), payload));
    }

    /** The client the pipeline's connector must send with. */
    public GuardedHttpClient http() {
        return http;
    }

    private StripeObjectType withExpansions(StripeObjectType type) {
        List<String> fields = expansions.getOrDefault(type.name(), List.of());
        if (fields.isEmpty()) {
            return type;
        }
        List<ListPass> passes = new ArrayList<>();
        for (ListPass pass : type.passes()) {
            if (pass.perParent()) {
                // The pass pages through parents; their expansions are not this type's.
                passes.add(pass);
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>(pass.params());
            for (int i = 0; i < fields.size(); i++) {
                params.put("expand[" + i + "]", "data." + fields.get(i));
            }
            passes.add(new ListPass(pass.path(), params, pass.filtersByCreated(), pass.childPath()));
        }
        return new StripeObjectType(type.name(), passes);
    }

    private static String code(Decision decision) {
        if (decision.permission().isPresent()) {
            return "permission";
        }
        return decision.reason().startsWith("routes") ? "route" : "unknown";
    }

    @Override
    public void close() {
        http.close();
    }
}
