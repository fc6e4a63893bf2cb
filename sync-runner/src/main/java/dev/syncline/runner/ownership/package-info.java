/**
 * Work ownership across replicas: leases in the state database ({@code syncline.leases}), so a
 * pipeline's backfill and inbox consumption run on one replica at a time and a dead replica's work
 * moves to another within a lease period ({@link dev.syncline.runner.ownership.Ownership}). Each
 * replica's heartbeat lease counts the live replicas
 * ({@link dev.syncline.runner.ownership.ReplicaHeartbeat}), by which work spread over them and the
 * Stripe budget are divided ({@link dev.syncline.runner.ownership.FairShare}). See ADR 0008, 0010.
 */
@NullMarked
package dev.syncline.runner.ownership;

import org.jspecify.annotations.NullMarked;
