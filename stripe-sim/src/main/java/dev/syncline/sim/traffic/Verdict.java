package dev.syncline.sim.traffic;

import java.time.Duration;

/** What happens to one request after the traffic rules have looked at it. */
public record Verdict(Kind kind, Duration slowBody) {

    public static final Verdict PASS = new Verdict(Kind.PASS, Duration.ZERO);

    /** Outcomes other than {@link #PASS} replace or disturb the normal response. */
    public enum Kind { PASS, RATE_LIMITED, LOCK_TIMEOUT, SERVER_ERROR, CONNECTION_RESET, SLOW_BODY }
}
