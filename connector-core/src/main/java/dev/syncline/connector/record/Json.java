package dev.syncline.connector.record;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON codec for record payloads, so every module reads and writes Stripe objects the same
 * way: objects become {@code Map<String, Object>} (insertion-ordered), arrays {@code List},
 * integers {@code Long} (or {@code BigInteger} when larger), decimals {@code BigDecimal}.
 */
public final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .build();
    private static final TypeReference<Map<String, @Nullable Object>> OBJECT = new TypeReference<>() {};

    private Json() {}

    /**
     * Decodes a JSON object.
     *
     * @throws IllegalArgumentException if the text is not a JSON object
     */
    public static Map<String, @Nullable Object> parseObject(String json) {
        try {
            return MAPPER.readValue(json, OBJECT);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    /** Decodes a JSON object from UTF-8 bytes. */
    public static Map<String, @Nullable Object> parseObject(byte[] json) {
        try {
            return MAPPER.readValue(json, OBJECT);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
        }
    }

    /** Encodes maps, lists and scalars as JSON text. */
    public static String write(@Nullable Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** The shared mapper, for modules that stream large documents. */
    public static JsonMapper mapper() {
        return MAPPER;
    }
}
