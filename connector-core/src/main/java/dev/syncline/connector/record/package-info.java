/**
 * The record model: one {@link dev.syncline.connector.record.SyncRecord} per change to one Stripe
 * object, keyed by account, object type and id, and ordered by a version stamp.
 */
@NullMarked
package dev.syncline.connector.record;

import org.jspecify.annotations.NullMarked;
