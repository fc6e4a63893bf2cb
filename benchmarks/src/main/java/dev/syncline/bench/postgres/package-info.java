/**
 * Benchmarks of the Postgres warehouse connector, run against an embedded Postgres on this machine.
 */
@NullMarked
package dev.syncline.bench.postgres;

import org.jspecify.annotations.NullMarked;
