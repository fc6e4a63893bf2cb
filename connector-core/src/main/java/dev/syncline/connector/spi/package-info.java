/**
 * The connector SPI: a {@link dev.syncline.connector.spi.ConnectorProvider} found through
 * {@link java.util.ServiceLoader} creates a {@link dev.syncline.connector.spi.SinkConnector}, which
 * writes {@link dev.syncline.connector.spi.RecordBatch}es and answers one
 * {@link dev.syncline.connector.spi.RecordOutcome} per record.
 */
@NullMarked
package dev.syncline.connector.spi;

import org.jspecify.annotations.NullMarked;
