/**
 * The HTTP face of the simulator: a reactor-netty server that authenticates like Stripe, parses
 * Stripe's bracketed form parameters, validates list parameters with Stripe's error shapes, and
 * answers from the in-memory store without blocking the event loop.
 */
@NullMarked
package dev.syncline.sim.http;

import org.jspecify.annotations.NullMarked;
