package dev.syncline.connector.postgres;

import dev.syncline.connector.record.SyncRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An embedded list analysts join on, kept as its own table: {@code invoice.lines} in
 * {@code invoice_line_items}, {@code subscription.items} in {@code subscription_items}.
 *
 * @param parentType the parent's object type
 * @param listField the parent's field holding the Stripe list object ({@code {"object": "list", "data": […]}})
 * @param childType the items' object type, whose schema gives the child table's columns
 * @param table the child table
 * @param parentColumn the column holding the parent's id
 */
record ChildList(String parentType, String listField, String childType, String table, String parentColumn) {
    static final List<ChildList> ALL = List.of(
            new ChildList("invoice", "lines", "line_item", "invoice_line_items", "invoice"),
            new ChildList("subscription", "items", "subscription_item", "subscription_items", "subscription"));

    static List<ChildList> of(String parentType) {
        return ALL.stream().filter(c -> c.parentType.equals(parentType)).toList();
    }

    /**
     * The items of the parent's embedded list, empty if the payload carries no list (a delete stub,
     * or a list not included), so the stored children are left as they are.
     */
    Optional<Items> items(SyncRecord parent) {
        if (!(parent.payload().get(listField) instanceof Map<?, ?> list) || !(list.get("data") instanceof List<?> data)) {
            return Optional.empty();
        }
        List<Map<String, @Nullable Object>> items = new ArrayList<>(data.size());
        for (Object item : data) {
            if (item instanceof Map<?, ?> map && map.get("id") instanceof String) {
                @SuppressWarnings("unchecked")
                Map<String, @Nullable Object> typed = (Map<String, @Nullable Object>) map;
                items.add(typed);
            }
        }
        // Stripe embeds only the first page of a long list; the rest was not seen, so not removed.
        return Optional.of(new Items(items, !Boolean.TRUE.equals(list.get("has_more"))));
    }

    /**
     * @param items the items present in the payload
     * @param complete whether they are the whole list, so stored items missing from it were removed
     */
    record Items(List<Map<String, @Nullable Object>> items, boolean complete) {}
}
