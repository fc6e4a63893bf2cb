/**
 * The conformance suite every {@link dev.syncline.connector.spi.SinkConnector} inherits: a concrete
 * test extends {@link dev.syncline.testkit.conformance.SinkConnectorConformance} and supplies an opened
 * connector and a {@link dev.syncline.testkit.conformance.DestinationProbe}; the suite checks the
 * guarantees of idempotence, version ordering and tombstones against what the destination stored.
 */
@NullMarked
package dev.syncline.testkit.conformance;

import org.jspecify.annotations.NullMarked;
