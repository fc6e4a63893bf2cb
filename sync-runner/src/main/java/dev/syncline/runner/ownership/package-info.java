/**
 * Work ownership across replicas: leases in the state database ({@code syncline.leases}), so a
 * pipeline's backfill and inbox consumption run on one replica at a time and a dead replica's work
 * moves to another within a lease period ({@link dev.syncline.runner.ownership.Ownership}). See
 * ADR 0008.
 */
@NullMarked
package dev.syncline.runner.ownership;

import org.jspecify.annotations.NullMarked;
