/**
 * The sync pipeline: stages from the Stripe sources to a destination connector, assembled in
 * {@link dev.syncline.runner.pipeline.SyncPipeline}, and the live progress they report.
 */
@NullMarked
package dev.syncline.runner.pipeline;

import org.jspecify.annotations.NullMarked;
