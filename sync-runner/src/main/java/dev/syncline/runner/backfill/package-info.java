/**
 * Historical sync through Stripe's list API: every object of a type, paged on demand.
 */
@NullMarked
package dev.syncline.runner.backfill;

import org.jspecify.annotations.NullMarked;
