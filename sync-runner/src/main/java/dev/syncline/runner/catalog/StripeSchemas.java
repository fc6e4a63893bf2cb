package dev.syncline.runner.catalog;

import com.google.gson.annotations.SerializedName;
import com.stripe.Stripe;
import com.stripe.model.EventDataClassLookup;
import com.stripe.model.ExpandableField;
import com.stripe.model.StripeObject;
import dev.syncline.connector.schema.FieldSpec;
import dev.syncline.connector.schema.FieldType;
import dev.syncline.connector.schema.ObjectSchema;
import dev.syncline.connector.schema.SchemaCatalog;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Derives each object type's {@link ObjectSchema} from stripe-java's model classes of the pinned
 * API version, so a new object type or field gets columns without hand-written DDL.
 *
 * <p>Stripe's JSON gives no type for Unix timestamps (they are integers like amounts), so a
 * timestamp is recognised by Stripe's naming conventions: {@code created}, {@code *_at},
 * {@code *_date}, {@code *_start}, {@code *_end}, and a few named exceptions.
 */
public final class StripeSchemas implements SchemaCatalog {
    /** The API version whose models the schemas come from. */
    public static final String API_VERSION = Stripe.API_VERSION;

    private static final Pattern TIMESTAMP_NAME = Pattern.compile("created|date|.*_at|.*_date|.*_start|.*_end|.*_on");
    private static final Set<String> TIMESTAMP_EXCEPTIONS = Set.of(
            "billing_cycle_anchor", "next_payment_attempt", "next_pending_invoice_item_invoice", "start", "end", "expires");

    private final Map<String, Optional<ObjectSchema>> cache = new ConcurrentHashMap<>();

    @Override
    public Optional<ObjectSchema> schemaOf(String objectType) {
        return cache.computeIfAbsent(objectType, StripeSchemas::derive);
    }

    private static Optional<ObjectSchema> derive(String objectType) {
        Class<? extends StripeObject> model = EventDataClassLookup.classLookup.get(objectType);
        if (model == null) {
            return Optional.empty();
        }
        Map<String, FieldSpec> fields = new LinkedHashMap<>();
        for (Class<?> c = model; c != null && StripeObject.class.isAssignableFrom(c); c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || Modifier.isTransient(field.getModifiers())) {
                    continue;
                }
                SerializedName json = field.getAnnotation(SerializedName.class);
                String name = json != null ? json.value() : snakeCase(field.getName());
                fields.putIfAbsent(name, new FieldSpec(name, typeOf(name, field.getType())));
            }
        }
        return Optional.of(new ObjectSchema(objectType, new ArrayList<>(fields.values())));
    }

    static FieldType typeOf(String name, Class<?> javaType) {
        if (javaType == String.class) {
            return FieldType.TEXT;
        }
        if (javaType == Long.class || javaType == Integer.class) {
            return isTimestamp(name) ? FieldType.TIMESTAMP : FieldType.BIGINT;
        }
        if (javaType == Boolean.class) {
            return FieldType.BOOLEAN;
        }
        if (javaType == BigDecimal.class || javaType == Double.class) {
            return FieldType.NUMERIC;
        }
        if (javaType == ExpandableField.class) {
            return FieldType.REFERENCE;
        }
        return FieldType.JSON;
    }

    static boolean isTimestamp(String name) {
        return TIMESTAMP_EXCEPTIONS.contains(name) || TIMESTAMP_NAME.matcher(name).matches();
    }

    private static String snakeCase(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** The schemas of the given types, for documentation and tests. */
    public List<ObjectSchema> schemasOf(List<String> objectTypes) {
        return objectTypes.stream().map(this::schemaOf).flatMap(Optional::stream).toList();
    }
}
