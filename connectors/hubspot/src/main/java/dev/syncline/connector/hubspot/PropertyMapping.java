package dev.syncline.connector.hubspot;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How one HubSpot property is filled from a Stripe object.
 *
 * @param property the HubSpot property's internal name
 * @param paths the Stripe field paths read, such as {@code address.city}; several are joined by
 *     {@code separator}, skipping empty ones (for {@code address.line1} and {@code line2})
 * @param separator joins the values of several paths
 * @param transform how the value is converted
 * @param values replaces a value by another (a subscription {@code status} to a {@code dealstage}); a
 *     value without an entry is sent as is
 * @param format a {@link String#format} pattern the final value is put into, such as {@code "Stripe subscription %s"}
 * @param constant a fixed value instead of any path (a deal's {@code pipeline})
 */
record PropertyMapping(String property, List<String> paths, String separator, Transform transform,
                       Map<String, String> values, @Nullable String format, @Nullable String constant) {
    PropertyMapping {
        paths = List.copyOf(paths);
        values = Map.copyOf(values);
    }

    static PropertyMapping of(String property, String path) {
        return new PropertyMapping(property, List.of(path), " ", Transform.NONE, Map.of(), null, null);
    }

    static PropertyMapping of(String property, String path, Transform transform) {
        return new PropertyMapping(property, List.of(path), " ", transform, Map.of(), null, null);
    }

    static PropertyMapping constant(String property, String value) {
        return new PropertyMapping(property, List.of(), " ", Transform.NONE, Map.of(), null, value);
    }

    PropertyMapping withValues(Map<String, String> map) {
        return new PropertyMapping(property, paths, separator, transform, map, format, constant);
    }

    PropertyMapping withFormat(String pattern) {
        return new PropertyMapping(property, paths, separator, transform, values, pattern, constant);
    }

    PropertyMapping withSeparator(String value) {
        return new PropertyMapping(property, paths, value, transform, values, format, constant);
    }
}
