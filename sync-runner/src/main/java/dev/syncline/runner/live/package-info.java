/**
 * The live side of a pipeline: it reads the inbox from the pipeline's own acknowledged position
 * (through Debezium, or by polling), turns events into versioned records (snapshots, tombstones,
 * or refetches of the latest object for change notices), and commits the position only over a
 * contiguous prefix of rows the destination has acknowledged.
 */
@NullMarked
package dev.syncline.runner.live;

import org.jspecify.annotations.NullMarked;
