/**
 * The inbox: the durable table every verified webhook and every event the Events API poller
 * reads is stored in before Stripe gets its 2xx, and the log each pipeline consumes (through
 * Debezium, or by polling) from its own acknowledged position.
 */
@NullMarked
package dev.syncline.runner.inbox;

import org.jspecify.annotations.NullMarked;
