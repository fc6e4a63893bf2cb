/**
 * Webhook delivery: every recorded event is signed the way Stripe signs it and POSTed to each
 * matching {@link dev.syncline.sim.webhooks.WebhookEndpoint}, with retries and backoff, bounded
 * concurrency, counters, and deliberate misbehaviour ({@link dev.syncline.sim.webhooks.WebhookFaults}:
 * duplicates, reordering, delays, drops) so receivers can be tested against what Stripe documents
 * it may do.
 */
@NullMarked
package dev.syncline.sim.webhooks;

import org.jspecify.annotations.NullMarked;
