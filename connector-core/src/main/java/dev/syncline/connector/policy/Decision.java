package dev.syncline.connector.policy;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The answer of a policy check: allowed, or denied with a reason fit for a log line, an error
 * message and a metric tag.
 *
 * @param allowed whether the action may go ahead
 * @param reason why it is denied, phrased for people; empty when allowed
 * @param missingPermission the permission that would allow it, when a permission is what is missing
 */
public record Decision(boolean allowed, String reason, @Nullable String missingPermission) {
    private static final Decision ALLOWED = new Decision(true, "", null);

    public Decision {
        Objects.requireNonNull(reason, "reason");
    }

    public static Decision allow() {
        return ALLOWED;
    }

    public static Decision deny(String reason) {
        return new Decision(false, reason, null);
    }

    public static Decision missing(String permission, String reason) {
        return new Decision(false, reason, permission);
    }

    public boolean denied() {
        return !allowed;
    }

    public Optional<String> permission() {
        return Optional.ofNullable(missingPermission);
    }
}
