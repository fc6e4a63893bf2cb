/**
 * What the engine knows about Stripe's object types: how to list each one without missing data
 * ({@link dev.syncline.runner.catalog.StripeCatalog}) and its fields, derived from stripe-java's
 * models of the pinned API version ({@link dev.syncline.runner.catalog.StripeSchemas}).
 */
@NullMarked
package dev.syncline.runner.catalog;

import org.jspecify.annotations.NullMarked;
