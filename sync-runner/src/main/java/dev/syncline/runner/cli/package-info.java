/**
 * The {@code syncline} command line: run a configuration, backfill, run the zero-setup demo, validate a
 * configuration file, or list, inspect and replay dead letters.
 */
@NullMarked
package dev.syncline.runner.cli;

import org.jspecify.annotations.NullMarked;
