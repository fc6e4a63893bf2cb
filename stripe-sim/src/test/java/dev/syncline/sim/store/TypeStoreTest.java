package dev.syncline.sim.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypeStoreTest {

    /** Nine customers, seven of them sharing created=200 so pages must split inside a tie. */
    private static TypeStore store() {
        List<StoredObject> objects = new ArrayList<>();
        objects.add(customer("cus_A", 100));
        for (String id : List.of("cus_B", "cus_C", "cus_D", "cus_E", "cus_F", "cus_G", "cus_H")) {
            objects.add(customer(id, 200));
        }
        objects.add(customer("cus_Z", 300));
        return new TypeStore(ObjectType.CUSTOMER, objects);
    }

    private static StoredObject customer(String id, long created) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("object", "customer");
        json.put("created", created);
        json.put("email", id.toLowerCase() + "@example.com");
        return StoredObject.live(json);
    }

    private static List<String> ids(ListPage page) {
        return page.data().stream().map(StoredObject::id).toList();
    }

    @Test
    void ordersNewestFirstWithTiesByIdDescending() {
        assertThat(ids(store().list(ListQuery.firstPage(100))))
                .containsExactly("cus_Z", "cus_H", "cus_G", "cus_F", "cus_E", "cus_D", "cus_C", "cus_B", "cus_A");
    }

    @Test
    void forwardPagingThroughATieVisitsEveryObjectOnce() {
        TypeStore store = store();
        List<String> seen = new ArrayList<>();
        ListQuery query = ListQuery.firstPage(2);
        ListPage page;
        int pages = 0;
        do {
            page = store.list(query);
            seen.addAll(ids(page));
            pages++;
            query = ListQuery.firstPage(2).startingAfter(page.data().get(page.data().size() - 1).id());
        } while (page.hasMore());
        assertThat(pages).isEqualTo(5);
        assertThat(seen).containsExactly("cus_Z", "cus_H", "cus_G", "cus_F", "cus_E", "cus_D", "cus_C", "cus_B", "cus_A");
    }

    @Test
    void lastPageThatExactlyFillsTheLimitHasNoMore() {
        ListPage page = store().list(ListQuery.firstPage(3).startingAfter("cus_D"));
        assertThat(ids(page)).containsExactly("cus_C", "cus_B", "cus_A");
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    void endingBeforeReturnsTheNewerNeighboursNewestFirst() {
        TypeStore store = store();
        ListPage page = store.list(ListQuery.firstPage(3).endingBefore("cus_C"));
        assertThat(ids(page)).containsExactly("cus_F", "cus_E", "cus_D");
        assertThat(page.hasMore()).isTrue();
        ListPage top = store.list(ListQuery.firstPage(3).endingBefore("cus_G"));
        assertThat(ids(top)).containsExactly("cus_Z", "cus_H");
        assertThat(top.hasMore()).isFalse();
    }

    @Test
    void createdBoundsAreInclusiveAndCombineWithCursors() {
        TypeStore store = store();
        assertThat(ids(store.list(ListQuery.firstPage(100).created(200, 200))))
                .containsExactly("cus_H", "cus_G", "cus_F", "cus_E", "cus_D", "cus_C", "cus_B");
        assertThat(ids(store.list(ListQuery.firstPage(100).created(150, 300))))
                .startsWith("cus_Z").doesNotContain("cus_A").hasSize(8);
        assertThat(ids(store.list(ListQuery.firstPage(2).created(200, 200).startingAfter("cus_Z"))))
                .containsExactly("cus_H", "cus_G");
        assertThat(ids(store.list(ListQuery.firstPage(100).created(200, 200).endingBefore("cus_C"))))
                .containsExactly("cus_H", "cus_G", "cus_F", "cus_E", "cus_D");
        assertThat(store.list(ListQuery.firstPage(100).created(301, 299)).data()).isEmpty();
    }

    @Test
    void filtersApplyBeforeTheLimit() {
        ListPage page = store().list(ListQuery.firstPage(2).filter(o -> ((String) o.get("id")).compareTo("cus_D") <= 0));
        assertThat(ids(page)).containsExactly("cus_D", "cus_C");
        assertThat(page.hasMore()).isTrue();
    }

    @Test
    void deletedObjectsLeaveListsButStayRetrievableAndUsableAsCursors() {
        TypeStore store = store();
        assertThat(store.delete("cus_F")).isTrue();
        assertThat(store.delete("cus_F")).isFalse();
        assertThat(store.liveCount()).isEqualTo(8);
        assertThat(ids(store.list(ListQuery.firstPage(100)))).doesNotContain("cus_F").hasSize(8);
        assertThat(ids(store.list(ListQuery.firstPage(2).startingAfter("cus_F")))).containsExactly("cus_E", "cus_D");
        StoredObject stub = store.get("cus_F").orElseThrow();
        assertThat(stub.deleted()).isTrue();
        assertThat(new String(stub.bytes())).isEqualTo("{\"id\":\"cus_F\",\"object\":\"customer\",\"deleted\":true}");
        assertThatThrownBy(() -> store.delete("cus_nope")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownCursorIsReported() {
        assertThatThrownBy(() -> store().list(ListQuery.firstPage(10).startingAfter("cus_nope")))
                .isInstanceOfSatisfying(CursorNotFoundException.class, e -> assertThat(e.cursorId()).isEqualTo("cus_nope"));
    }

    @Test
    void emptyStoreListsNothing() {
        TypeStore empty = new TypeStore(ObjectType.PRODUCT, List.of());
        ListPage page = empty.list(ListQuery.firstPage(10));
        assertThat(page.data()).isEmpty();
        assertThat(page.hasMore()).isFalse();
    }
}
