/**
 * The Events API poller: reads {@code GET /v1/events} from each account's cursor into the inbox,
 * oldest first, so events whose webhooks never arrived (downtime, dropped deliveries) still reach
 * every pipeline; and the retention watchdog, which schedules a re-backfill when the cursor comes
 * close to, or falls out of, Stripe's 30-day event window.
 */
@NullMarked
package dev.syncline.runner.events;

import org.jspecify.annotations.NullMarked;
