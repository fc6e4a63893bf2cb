/**
 * How the simulator degrades service on purpose: per-request latency, Stripe's per-account rate
 * limiter and randomly injected faults. Every knob is off by default so plain tests stay fast and
 * deterministic; decisions are drawn from a seeded random source so a failing run can be replayed.
 */
@NullMarked
package dev.syncline.sim.traffic;

import org.jspecify.annotations.NullMarked;
