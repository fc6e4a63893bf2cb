/**
 * Change over time: the event log behind {@code /v1/events}, the mutations that write to the
 * store and log an event for each change, and the generator that drives them at a steady rate.
 * Listeners (the webhook sender in {@code dev.syncline.sim.webhooks}) hear of every event.
 */
@NullMarked
package dev.syncline.sim.events;

import org.jspecify.annotations.NullMarked;
