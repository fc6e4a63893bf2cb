/**
 * The connector error hierarchy: retriable, permanent, or one record rejected. Connectors map
 * their wire-level errors onto it in one classifier each.
 */
@NullMarked
package dev.syncline.connector.errors;

import org.jspecify.annotations.NullMarked;
