/**
 * The {@code syncline} command line: run a configuration, run the zero-setup demo, or validate a
 * configuration file.
 */
@NullMarked
package dev.syncline.runner.cli;

import org.jspecify.annotations.NullMarked;
