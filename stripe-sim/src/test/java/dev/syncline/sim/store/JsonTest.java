package dev.syncline.sim.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class JsonTest {

    private static Map<String, Object> invoice() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", "il_1");
        line.put("amount", 1200L);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", "in_1");
        json.put("object", "invoice");
        json.put("created", 1_700_000_000L);
        json.put("description", null);
        json.put("lines", Map.of("data", new ArrayList<>(List.of(line))));
        json.put("tags", Arrays.asList("a", null, "b"));
        return json;
    }

    @Test
    void frozen_keepsOrderNullsAndContent_andEncodesAsTheOriginal() {
        Map<String, Object> original = invoice();
        Map<String, Object> frozen = Json.deepFreeze(original);

        assertThat(frozen).isEqualTo(original).hasSameHashCodeAs(original);
        assertThat(frozen.keySet()).containsExactly("id", "object", "created", "description", "lines", "tags");
        assertThat(frozen).containsKey("description").doesNotContainKey("missing");
        assertThat(frozen.get("description")).isNull();
        assertThat(frozen.get("missing")).isNull();
        assertThat((List<Object>) frozen.get("tags")).containsExactly("a", null, "b");
        // Integers become Long, as the simulator's JSON trees promise.
        Map<String, Object> counted = Json.deepFreeze(Map.<String, Object>of("attempt_count", 3));
        assertThat(counted.get("attempt_count")).isEqualTo(3L);
        assertThat(new String(Json.toBytes(frozen), StandardCharsets.UTF_8))
                .isEqualTo(new String(Json.toBytes(Json.deepFreeze(new LinkedHashMap<>(original))), StandardCharsets.UTF_8))
                .startsWith("{\"id\":\"in_1\",\"object\":\"invoice\",\"created\":1700000000,\"description\":null,");
    }

    @Test
    void frozen_isUnmodifiable_andDetachedFromTheOriginal() {
        Map<String, Object> original = invoice();
        Map<String, Object> frozen = Json.deepFreeze(original);
        original.put("id", "in_changed");

        assertThat(frozen.get("id")).isEqualTo("in_1");
        assertThatThrownBy(() -> frozen.put("id", "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozen.remove("id")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozen.entrySet().iterator().next().setValue("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<Object>) frozen.get("tags")).add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void freezingAgain_sharesWhatIsFrozen() {
        // An event's data.object is the stored object itself: a thousand accounts' events would otherwise double the heap.
        Map<String, Object> object = Json.deepFreeze(invoice());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", "evt_1");
        event.put("data", Map.of("object", object));

        Map<String, Object> frozenEvent = Json.deepFreeze(event);

        assertThat(((Map<?, ?>) frozenEvent.get("data")).get("object")).isSameAs(object);
        assertThat(Json.deepFreeze(object)).isSameAs(object);
    }
}
