/**
 * Deterministic generation of a simulated Stripe account: a seeded random source produces
 * customers, a product catalog with active and inactive prices, subscriptions in every status and
 * their invoices, in the JSON shape of API version 2026-07-29.dahlia, with {@code created} values
 * spread over three years and deliberately repeated so list paging must handle same-second ties.
 */
@NullMarked
package dev.syncline.sim.data;

import org.jspecify.annotations.NullMarked;
