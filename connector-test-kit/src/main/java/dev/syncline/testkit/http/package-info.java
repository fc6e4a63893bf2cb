/**
 * A fake HTTPS destination on 127.0.0.1 for connector and egress tests: a self-signed certificate
 * for {@code localhost} (which the test passes to the guarded client's {@code trustOnly}), scripted
 * responses and a record of every request it received.
 */
@NullMarked
package dev.syncline.testkit.http;

import org.jspecify.annotations.NullMarked;
