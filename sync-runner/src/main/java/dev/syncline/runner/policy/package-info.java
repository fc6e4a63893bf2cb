/**
 * The Stripe App policy of a Syncline process (design guarantees 4, 5 and 8): the app manifest
 * ({@code stripe-app.json} v1 or {@code stripe-app.yaml} v2) read by
 * {@link dev.syncline.runner.policy.ManifestReader}, the YAML's egress list, routes and expansions
 * read by {@link dev.syncline.runner.policy.PolicyReader}, and their enforcement at the sources,
 * at intake ({@link dev.syncline.runner.policy.EventPolicy}), at fan-out and on nested objects
 * ({@link dev.syncline.runner.policy.PipelinePolicy}), each denial audited once and counted
 * ({@link dev.syncline.runner.policy.PolicyAudit}).
 */
@NullMarked
package dev.syncline.runner.policy;

import org.jspecify.annotations.NullMarked;
