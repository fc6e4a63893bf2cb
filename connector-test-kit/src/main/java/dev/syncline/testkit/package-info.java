/**
 * Test support for connectors: Stripe-shaped record builders ({@link dev.syncline.testkit.TestRecords})
 * and a {@link dev.syncline.connector.spi.SinkContext} whose metrics can be inspected
 * ({@link dev.syncline.testkit.TestSinkContext}). The conformance suite and the Postgres fixture live
 * in the sub-packages.
 */
@NullMarked
package dev.syncline.testkit;

import org.jspecify.annotations.NullMarked;
