/**
 * The Postgres warehouse connector: one typed table per Stripe object type, written with multi-row,
 * version-guarded upserts over R2DBC. {@link dev.syncline.connector.postgres.PostgresConnectorProvider}
 * is the only public class; the runner finds it through {@link java.util.ServiceLoader}.
 */
@NullMarked
package dev.syncline.connector.postgres;

import org.jspecify.annotations.NullMarked;
