/**
 * The one HTTP client connectors may use to send data:
 * {@link dev.syncline.connector.http.GuardedHttpClient} checks every request and every redirect
 * hop against the egress allow-list before it connects (design guarantee 5). Connectors get it
 * from {@link dev.syncline.connector.spi.SinkContext#http()}, never build their own.
 */
@NullMarked
package dev.syncline.connector.http;

import org.jspecify.annotations.NullMarked;
