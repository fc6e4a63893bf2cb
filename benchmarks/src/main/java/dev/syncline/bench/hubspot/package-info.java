/**
 * Benchmarks of the HubSpot connector, run against the test kit's fake HubSpot on this machine
 * with HubSpot's real rate limits.
 */
@NullMarked
package dev.syncline.bench.hubspot;

import org.jspecify.annotations.NullMarked;
