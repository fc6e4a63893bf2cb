/**
 * Non-blocking access to Stripe's API: list pages and objects, a per-account request budget, and
 * the one place that classifies Stripe's errors.
 */
@NullMarked
package dev.syncline.runner.stripe;

import org.jspecify.annotations.NullMarked;
