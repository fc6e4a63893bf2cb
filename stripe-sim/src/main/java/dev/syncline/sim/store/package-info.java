/**
 * In-memory object storage for the simulator. Each object type is kept in Stripe's list order
 * (newest {@code created} first, id descending on ties) with an id index and pre-encoded JSON
 * bytes, so list pages are cursor lookups plus byte concatenation; deletion swaps in Stripe's
 * {@code {id, object, deleted:true}} stub without moving anything.
 */
@NullMarked
package dev.syncline.sim.store;

import org.jspecify.annotations.NullMarked;
