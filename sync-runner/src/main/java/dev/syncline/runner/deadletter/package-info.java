/**
 * Dead letters: the records a destination refused, kept in the state database with the reason,
 * so that nothing a destination rejects is skipped quietly (guarantee 8). The pipeline stores
 * them before it acknowledges them; operators list, inspect and replay them with
 * {@code syncline dead-letters}, and their count and age are metrics.
 */
@NullMarked
package dev.syncline.runner.deadletter;

import org.jspecify.annotations.NullMarked;
