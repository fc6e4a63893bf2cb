package dev.syncline.runner.intake;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import dev.syncline.runner.config.Secret;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Checks a {@code Stripe-Signature} header against the raw body with stripe-java. During a secret
 * rotation Stripe signs with the old and the new secret (one {@code v1} each) and the endpoint may
 * be configured with both, so a body is genuine when any configured secret verifies it.
 */
final class SignatureVerifier {
    private final List<Secret> secrets;
    private final long toleranceSeconds;
    private final Clock clock;

    SignatureVerifier(List<Secret> secrets, long toleranceSeconds, Clock clock) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("the webhook intake needs at least one signing secret");
        }
        this.secrets = List.copyOf(secrets);
        this.toleranceSeconds = toleranceSeconds;
        this.clock = clock;
    }

    /**
     * Why the body is not genuine, or empty when a configured secret verifies it within the tolerance.
     *
     * @param payload the body exactly as received
     */
    Optional<String> rejection(String payload, @Nullable String header) {
        if (header == null || header.isBlank()) {
            return Optional.of("the Stripe-Signature header is missing");
        }
        String reason = "no signature matches";
        for (Secret secret : secrets) {
            try {
                if (Webhook.Signature.verifyHeader(payload, header, secret.reveal(), toleranceSeconds, clock)) {
                    return Optional.empty();
                }
            } catch (SignatureVerificationException e) {
                // stripe-java checks the tolerance only once a signature matched: that is the reason worth reporting.
                if (!reason.startsWith("Timestamp")) {
                    reason = e.getMessage();
                }
            } catch (RuntimeException e) {
                // A header stripe-java cannot read at all, e.g. a non-numeric t=.
                return Optional.of("the Stripe-Signature header is malformed");
            }
        }
        return Optional.of(reason);
    }
}
