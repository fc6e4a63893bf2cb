package dev.syncline.connector.hubspot;

import dev.syncline.connector.spi.ConnectorMetrics;
import dev.syncline.connector.spi.RecordOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The records of one write to one target whose {@code email} HubSpot refused because another
 * contact, linked to another Stripe object, holds it, under {@code on-email-conflict: omit-email}.
 * HubSpot keeps one contact per email while Stripe customers share emails freely, so such a
 * record is written again without {@code email}, the address kept in {@code stripe_email}.
 * They are counted ({@code syncline.hubspot.email_conflicts}) and logged once per write, not once
 * per record: a backfill can hold thousands.
 */
final class EmailConflicts {
    static final String METRIC = "syncline.hubspot.email_conflicts";
    private static final Logger log = LoggerFactory.getLogger(EmailConflicts.class);
    private static final int NAMED_IN_LOG = 5;

    private final TargetMapping target;
    private final ConnectorMetrics metrics;
    private final List<Work> works;
    private final List<String> omitted = new ArrayList<>();

    EmailConflicts(TargetMapping target, ConnectorMetrics metrics, List<Work> works) {
        this.target = target;
        this.metrics = metrics;
        this.works = works;
    }

    /** Every work of this write to the target: a conflict's holder may be one written in an earlier chunk. */
    List<Work> works() {
        return works;
    }

    /**
     * Whether the refused work may be written again without its email: the target asks for it
     * and the refused input carried an email. Otherwise the conflict was about something else, or
     * the mode is {@code reject}, and the record is refused.
     */
    boolean mayOmit(Work work) {
        return target.omitsConflictingEmail() && work.send != null
                && !work.send.getOrDefault(OnEmailConflict.EMAIL, "").isEmpty();
    }

    /** The properties to send again: without {@code email}, the address in {@code stripe_email}. */
    static Map<String, String> withoutEmail(Work work) {
        Map<String, String> properties = new LinkedHashMap<>(work.send == null ? Map.of() : work.send);
        String email = properties.remove(OnEmailConflict.EMAIL);
        properties.put(OnEmailConflict.PLAIN_EMAIL, email == null ? "" : email);
        return properties;
    }

    /** Notes the works that were written without their email. */
    void written(List<Work> works) {
        for (Work work : works) {
            if (work.outcome == RecordOutcome.APPLIED) {
                omitted.add(work.idValue);
            }
        }
    }

    /** Counts and logs what this write omitted; once per write. */
    void report() {
        if (omitted.isEmpty()) {
            return;
        }
        metrics.increment(METRIC, omitted.size(), "object", target.object());
        List<String> named = omitted.subList(0, Math.min(NAMED_IN_LOG, omitted.size()));
        log.info("{} {} written without their email, which other {} linked to other Stripe objects hold in HubSpot "
                        + "(one per email); the address is kept in {}: {}{}", omitted.size(), target.object(), target.object(),
                OnEmailConflict.PLAIN_EMAIL, String.join(", ", named), omitted.size() > named.size() ? ", …" : "");
    }
}
