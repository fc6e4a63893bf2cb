package dev.syncline.connector.postgres;

import dev.syncline.connector.record.Json;
import org.jspecify.annotations.Nullable;

/**
 * A value bound for a {@code jsonb} column, kept decoded until it is written: the upsert path
 * binds its bytes, the bulk path streams it straight into the {@code COPY} text (see
 * {@link CopyText}) without an intermediate string.
 */
record JsonValue(@Nullable Object value) {
    byte[] bytes() {
        return Json.mapper().writeValueAsBytes(value);
    }
}
