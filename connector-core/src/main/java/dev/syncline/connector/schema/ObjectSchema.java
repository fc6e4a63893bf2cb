package dev.syncline.connector.schema;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The fields of one Stripe object type, as derived by the runner from the pinned API version.
 * Destinations use it to lay out tables or property mappings without hand-written schemas.
 *
 * @param objectType Stripe's {@code object} value, for example {@code customer} or {@code checkout.session}
 * @param fields the top-level fields in a stable order
 */
public record ObjectSchema(String objectType, List<FieldSpec> fields) {
    public ObjectSchema {
        Objects.requireNonNull(objectType, "objectType");
        fields = List.copyOf(fields);
    }

    /**
     * The plural snake-case name analysts expect for a collection of this type:
     * {@code customer → customers}, {@code payment_intent → payment_intents},
     * {@code checkout.session → checkout_sessions}.
     */
    public String collectionName() {
        return collectionName(objectType);
    }

    /** See {@link #collectionName()}. */
    public static String collectionName(String objectType) {
        String snake = objectType.toLowerCase(Locale.ROOT).replace('.', '_');
        return snake.endsWith("s") ? snake + "es" : snake + "s";
    }

    public Optional<FieldSpec> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
