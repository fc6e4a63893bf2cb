/**
 * The access policy of a backend-only Stripe App (design guarantees 4 and 5): which object types and
 * events the app may read ({@link dev.syncline.connector.policy.PermissionCatalog},
 * {@link dev.syncline.connector.policy.AccessPolicy}) and which URLs Stripe data may be sent to
 * ({@link dev.syncline.connector.policy.EgressAllowList}). Everything here denies by default: an
 * unknown type, event or URL is refused until a rule says otherwise.
 */
@NullMarked
package dev.syncline.connector.policy;

import org.jspecify.annotations.NullMarked;
