/**
 * Destination-neutral descriptions of Stripe object types, from which connectors derive their
 * tables and columns.
 */
@NullMarked
package dev.syncline.connector.schema;

import org.jspecify.annotations.NullMarked;
