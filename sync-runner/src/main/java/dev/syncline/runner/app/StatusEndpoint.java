package dev.syncline.runner.app;

import dev.syncline.runner.pipeline.PipelineProgress;
import dev.syncline.runner.pipeline.TypeProgress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /status}: the pipelines, their backfill progress per object type, live lag, dead
 * letters, the leases this replica holds, and Stripe requests against the budget. {@code GET /}
 * (and {@code /status.html}) is the status page, which reads it.
 */
final class StatusEndpoint {
    private StatusEndpoint() {}

    static RouterFunction<ServerResponse> routes(SyncService sync) {
        String page = StatusPage.html();
        return RouterFunctions.route()
                .GET("/status", request -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(status(sync)))
                .GET("/", request -> StatusPage.serve(page))
                .GET("/status.html", request -> StatusPage.serve(page))
                .build();
    }

    static Map<String, Object> status(SyncService sync) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("replica", Map.of("id", sync.ownership().replicaId(), "leases", sync.leases(), "live_replicas", sync.liveReplicas()));
        status.put("pipelines", sync.progress().stream().map(p -> pipeline(sync, p)).toList());
        status.put("stripe", Map.of(
                "requests", sync.stripe().requestCount(),
                "throttled", sync.stripe().throttledCount(),
                "budget_per_second", sync.stripe().budget()));
        return status;
    }

    private static Map<String, Object> pipeline(SyncService sync, PipelineProgress pipeline) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", pipeline.pipeline());
        out.put("state", pipeline.state().name().toLowerCase(java.util.Locale.ROOT));
        if (!pipeline.failure().isEmpty()) {
            out.put("failure", pipeline.failure());
        }
        if (!pipeline.pauseReason().isEmpty()) {
            out.put("paused", pipeline.pauseReason());
        }
        if (pipeline.lastEventLagMillis() >= 0) {
            out.put("live_lag_seconds", pipeline.lastEventLagMillis() / 1000.0);
        }
        out.put("lanes_fill", Math.round(pipeline.laneFill() * 100) / 100.0);
        out.put("dead_letters_pending", Math.round(sync.deadLetterFigures().pending(pipeline.pipeline())));
        out.put("dead_letters_oldest_age_seconds", Math.round(sync.deadLetterFigures().oldestAgeSeconds(pipeline.pipeline())));
        List<Map<String, Object>> types = pipeline.types().stream().map(StatusEndpoint::type).toList();
        out.put("objects", types);
        return out;
    }

    private static Map<String, Object> type(TypeProgress type) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("object_type", type.objectType());
        out.put("backfill_complete", type.isReadComplete());
        out.put("objects_read", type.read());
        out.put("objects_delivered", type.delivered());
        out.put("pages_read", type.pages());
        out.put("range_covered", Math.round(type.coverage() * 1000) / 1000.0);
        out.put("completion", Math.round(type.completion() * 1000) / 1000.0);
        type.etaSeconds().ifPresent(eta -> out.put("eta_seconds", Math.round(eta)));
        if (!type.failure().isEmpty()) {
            out.put("failure", type.failure());
        }
        return out;
    }
}
