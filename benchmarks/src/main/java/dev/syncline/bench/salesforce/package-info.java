/** The Salesforce backfill benchmark: simulator customers through the connector into the fake org. */
@NullMarked
package dev.syncline.bench.salesforce;

import org.jspecify.annotations.NullMarked;
