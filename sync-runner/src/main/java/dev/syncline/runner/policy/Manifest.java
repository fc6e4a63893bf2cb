package dev.syncline.runner.policy;

import java.util.List;
import java.util.Set;

/**
 * What a Stripe App manifest grants.
 *
 * @param source where it was read, for messages
 * @param permissions the granted permission names
 * @param connectSrc the {@code ui_extension.content_security_policy.connect-src} entries
 */
public record Manifest(String source, Set<String> permissions, List<String> connectSrc) {
    public Manifest {
        permissions = Set.copyOf(permissions);
        connectSrc = List.copyOf(connectSrc);
    }
}
