/**
 * The engine's own storage: the embedded Postgres that makes a first run need nothing installed.
 */
@NullMarked
package dev.syncline.runner.state;

import org.jspecify.annotations.NullMarked;
