package dev.syncline.runner.policy;

import dev.syncline.connector.spi.ConnectorMetrics;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every policy denial goes (design guarantee 8): each is counted as
 * {@code syncline.policy.denied} tagged with the stage, object type and reason, and the first of
 * each (pipeline, stage, type, reason) is logged, so a denied stream says so once instead of once
 * per record.
 */
public final class PolicyAudit {
    static final String METRIC = "syncline.policy.denied";
    private static final Logger log = LoggerFactory.getLogger(PolicyAudit.class);

    private final String scope;
    private final ConnectorMetrics metrics;
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    /**
     * @param scope the pipeline name, or {@code intake}
     * @param metrics where the counter goes (the runner's metrics add the pipeline tag)
     */
    public PolicyAudit(String scope, ConnectorMetrics metrics) {
        this.scope = scope;
        this.metrics = metrics;
    }

    /**
     * Records one denial.
     *
     * @param stage {@code source}, {@code intake}, {@code fanout} or {@code nested}
     * @param reasonCode a short stable tag: {@code permission}, {@code unknown}, {@code route}
     * @param reason the sentence for the log
     */
    public void denied(String stage, String objectType, String reasonCode, String reason) {
        metrics.increment(METRIC, 1, "stage", stage, "object_type", objectType, "reason", reasonCode);
        if (logged.add(stage + "|" + objectType + "|" + reasonCode)) {
            log.warn("Policy ({}): {} denied at {}: {} (logged once; every occurrence is counted in {})",
                    scope, objectType, stage, reason, METRIC);
        }
    }
}
