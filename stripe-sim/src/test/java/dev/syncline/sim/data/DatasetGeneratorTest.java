package dev.syncline.sim.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.sim.store.Json;
import dev.syncline.sim.store.ObjectType;
import dev.syncline.sim.store.StoredObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DatasetGeneratorTest {

    private static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");
    private static final long THREE_YEARS = 3 * 365 * 86_400L;

    private static Dataset generate(long seed, int customers) {
        return new DatasetGenerator(seed, customers, NOW).generate();
    }

    private static List<Map<String, Object>> objects(Dataset dataset, ObjectType type) {
        return dataset.objects().get(type);
    }

    private static Set<Object> ids(Dataset dataset, ObjectType type) {
        return objects(dataset, type).stream().map(o -> o.get("id")).collect(Collectors.toSet());
    }

    @Test
    void sameSeedGivesIdenticalBytesAndOtherSeedsDiffer() {
        Dataset a = generate(42, 300);
        Dataset b = generate(42, 300);
        Dataset c = generate(43, 300);
        for (ObjectType type : ObjectType.values()) {
            assertThat(Json.toBytes(objects(a, type))).isEqualTo(Json.toBytes(objects(b, type)));
        }
        assertThat(a.accountId()).isEqualTo(b.accountId()).isNotEqualTo(c.accountId()).matches("acct_1Sim[0-9A-Za-z]{12}");
        assertThat(ids(a, ObjectType.CUSTOMER)).doesNotContainAnyElementsOf(ids(c, ObjectType.CUSTOMER));
    }

    @Test
    void sizesFollowTheCustomerCount() {
        Dataset dataset = generate(42, 2_000);
        assertThat(objects(dataset, ObjectType.CUSTOMER)).hasSize(2_000);
        assertThat(objects(dataset, ObjectType.PRODUCT)).hasSize(10);
        assertThat(objects(generate(42, 10), ObjectType.PRODUCT)).hasSize(5);
        assertThat(objects(dataset, ObjectType.SUBSCRIPTION).size()).isBetween(1_100, 1_300);
        assertThat(objects(dataset, ObjectType.PRICE).size()).isGreaterThan(3 * 10);
        assertThat(objects(dataset, ObjectType.INVOICE).size()).isGreaterThan(objects(dataset, ObjectType.SUBSCRIPTION).size());
        assertThat(objects(generate(42, 0), ObjectType.SUBSCRIPTION)).isEmpty();
    }

    @Test
    void everyTypeHasSameSecondTiesAndStaysWithinThreeYears() {
        Dataset dataset = generate(42, 200);
        for (ObjectType type : ObjectType.values()) {
            if (type == ObjectType.EVENT || type == ObjectType.ACCOUNT) {
                continue;
            }
            List<Map<String, Object>> objects = objects(dataset, type);
            Map<Object, Long> perSecond = objects.stream()
                    .collect(Collectors.groupingBy(StoredObject::createdOf, HashMap::new, Collectors.counting()));
            assertThat(perSecond.values()).as(type.objectName()).anyMatch(n -> n > 1);
            assertThat(objects).as(type.objectName()).allSatisfy(o -> {
                long created = StoredObject.createdOf(o);
                assertThat(created).isBetween(NOW.getEpochSecond() - THREE_YEARS, NOW.getEpochSecond());
                assertThat(o.get("object")).isEqualTo(type.objectName());
                // Refunds, balance transactions and a few others have no livemode or metadata in Stripe's schema.
                assertThat(o.getOrDefault("livemode", false)).isEqualTo(false);
                assertThat(o.getOrDefault("metadata", Map.of())).isEqualTo(Map.of());
            });
        }
    }

    @Test
    void idsUseStripePrefixesAndReferencesResolve() {
        Dataset dataset = generate(5, 500);
        Set<Object> customers = ids(dataset, ObjectType.CUSTOMER);
        Set<Object> products = ids(dataset, ObjectType.PRODUCT);
        Set<Object> prices = ids(dataset, ObjectType.PRICE);
        Set<Object> subscriptions = ids(dataset, ObjectType.SUBSCRIPTION);
        assertThat(customers).allMatch(id -> ((String) id).matches("cus_[0-9A-Za-z]{14}"));
        assertThat(products).allMatch(id -> ((String) id).startsWith("prod_"));
        assertThat(prices).allMatch(id -> ((String) id).startsWith("price_"));
        assertThat(subscriptions).allMatch(id -> ((String) id).startsWith("sub_"));
        assertThat(ids(dataset, ObjectType.INVOICE)).allMatch(id -> ((String) id).startsWith("in_"));

        assertThat(objects(dataset, ObjectType.PRODUCT)).allMatch(p -> prices.contains(p.get("default_price")));
        assertThat(objects(dataset, ObjectType.PRICE)).allMatch(p -> products.contains(p.get("product")));
        for (Map<String, Object> sub : objects(dataset, ObjectType.SUBSCRIPTION)) {
            assertThat(customers).contains(sub.get("customer"));
            List<?> items = (List<?>) ((Map<?, ?>) sub.get("items")).get("data");
            assertThat(items).isNotEmpty().allSatisfy(item -> {
                Map<?, ?> price = (Map<?, ?>) ((Map<?, ?>) item).get("price");
                assertThat(prices).contains(price.get("id"));
                assertThat(((Map<?, ?>) item).get("id").toString()).startsWith("si_");
                assertThat(price.get("currency")).isEqualTo(sub.get("currency"));
            });
        }
        for (Map<String, Object> invoice : objects(dataset, ObjectType.INVOICE)) {
            assertThat(customers).contains(invoice.get("customer"));
            Map<?, ?> parent = (Map<?, ?>) ((Map<?, ?>) invoice.get("parent")).get("subscription_details");
            assertThat(subscriptions).contains(parent.get("subscription"));
            Map<?, ?> lines = (Map<?, ?>) invoice.get("lines");
            assertThat(lines.get("object")).isEqualTo("list");
            assertThat(lines.get("has_more")).isEqualTo(false);
            assertThat(lines.get("url")).isEqualTo("/v1/invoices/" + invoice.get("id") + "/lines");
            assertThat((List<?>) lines.get("data")).hasSize(((Number) lines.get("total_count")).intValue())
                    .allSatisfy(line -> assertThat(((Map<?, ?>) line).get("id").toString()).startsWith("il_"));
            long lineSum = ((List<?>) lines.get("data")).stream()
                    .mapToLong(line -> (Long) ((Map<?, ?>) line).get("amount")).sum();
            assertThat(invoice.get("total")).isEqualTo(lineSum);
        }
    }

    @Test
    void coversStatusesCurrenciesAndPriceKinds() {
        Dataset dataset = generate(42, 1_000);
        assertThat(objects(dataset, ObjectType.SUBSCRIPTION).stream().map(s -> s.get("status")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("active", "trialing", "past_due", "canceled", "unpaid", "incomplete");
        assertThat(objects(dataset, ObjectType.SUBSCRIPTION)).filteredOn(s -> s.get("status").equals("canceled"))
                .allSatisfy(s -> {
                    assertThat(s.get("canceled_at")).isNotNull();
                    assertThat(s.get("ended_at")).isEqualTo(s.get("canceled_at"));
                });
        assertThat(objects(dataset, ObjectType.INVOICE).stream().map(i -> i.get("status")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("paid", "open", "void", "draft", "uncollectible");
        List<Map<String, Object>> prices = objects(dataset, ObjectType.PRICE);
        assertThat(prices.stream().map(p -> p.get("currency")).collect(Collectors.toSet())).contains("usd", "eur", "gbp");
        assertThat(prices.stream().map(p -> p.get("type")).collect(Collectors.toSet())).contains("recurring", "one_time");
        assertThat(prices).anyMatch(p -> p.get("active").equals(false));
        assertThat(prices).anyMatch(p -> p.get("recurring") instanceof Map<?, ?> r && "year".equals(r.get("interval")));
        assertThat(objects(dataset, ObjectType.CUSTOMER))
                .allSatisfy(c -> assertThat((String) c.get("email")).matches("[a-z]+\\.[a-z]+[0-9]*@example\\.(com|org|net)"));
    }
}
