/**
 * Change over time: the event log behind {@code /v1/events}, the mutations that write to the
 * store and log an event for each change, the generator that drives them at a steady rate, and
 * the webhook sender that signs and delivers events (with retries and deliberate misbehaviour).
 */
@NullMarked
package dev.syncline.sim.events;

import org.jspecify.annotations.NullMarked;
