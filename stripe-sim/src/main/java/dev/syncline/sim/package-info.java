/**
 * A Stripe API simulator for tests, demos and benchmarks. {@link dev.syncline.sim.StripeSimulator}
 * generates a deterministic account from a seed and serves it over HTTP with Stripe's list,
 * retrieve, authentication and error semantics, so stripe-java can be pointed at it unchanged;
 * {@link dev.syncline.sim.GroundTruth} exposes the same objects directly for assertions.
 */
@NullMarked
package dev.syncline.sim;

import org.jspecify.annotations.NullMarked;
