/**
 * Destination type {@code http}: posts batches of Stripe objects as JSON to an allow-listed HTTPS
 * endpoint, signed with HMAC-SHA256 in the style of Stripe's webhooks, through the guarded client
 * of {@link dev.syncline.connector.spi.SinkContext#http()}. Only
 * {@link dev.syncline.connector.httpsink.HttpConnectorProvider} is public.
 */
@NullMarked
package dev.syncline.connector.httpsink;

import org.jspecify.annotations.NullMarked;
