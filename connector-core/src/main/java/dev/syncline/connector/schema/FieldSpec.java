package dev.syncline.connector.schema;

import java.util.Objects;

/**
 * One top-level field of a Stripe object.
 *
 * @param name the JSON field name, as Stripe sends it ({@code created}, {@code customer})
 * @param type the field's type
 */
public record FieldSpec(String name, FieldType type) {
    public FieldSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
