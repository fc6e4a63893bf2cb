/**
 * The webhook intake: {@code POST /webhooks/stripe} (and optionally an AWS EventBridge API
 * destination) verifies each event, keeps only what the app manifest lets Syncline read, and
 * answers Stripe's 2xx only once the event is durably in the inbox. Concurrent deliveries share
 * one inbox transaction ({@link dev.syncline.runner.intake.InboxWriter}), so intake throughput is
 * bounded by Postgres transactions per second times the batch, not by one commit per webhook.
 */
@NullMarked
package dev.syncline.runner.intake;

import org.jspecify.annotations.NullMarked;
