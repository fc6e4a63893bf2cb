package dev.syncline.sim.data;

import dev.syncline.sim.store.ObjectType;
import java.text.Normalizer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Builds a deterministic Stripe account from a seed: the same seed, customer count and {@code now}
 * always give byte-identical objects, so tests can assert on exact ids and benchmarks are
 * repeatable. Objects use the field names and types of API version 2026-07-29.dahlia (e.g.
 * invoices point at their subscription through {@code parent.subscription_details}, and billing
 * periods live on subscription items), so stripe-java 33.3.0 models deserialize them fully.
 */
public final class DatasetGenerator {

    private static final long HOUR = 3_600;
    private static final long DAY = 86_400;
    private static final long HISTORY = 3 * 365 * DAY;
    /** Every n-th object of a type reuses its predecessor's {@code created}, so same-second ties always exist. */
    private static final int TIE_EVERY = 7;

    private static final List<String> SUBSCRIPTION_STATUSES =
            List.of("active", "trialing", "past_due", "canceled", "unpaid", "incomplete");
    private static final long[] MONTHLY_AMOUNTS = {500, 900, 1200, 1500, 1900, 2900, 4900, 9900, 19900};

    private final long seed;
    private final int customerCount;
    private final long now;

    private Random random;
    private StripeIds ids;
    private String accountId;
    private final Map<Object, String> productNames = new java.util.HashMap<>();

    public DatasetGenerator(long seed, int customerCount, Instant now) {
        if (customerCount < 0) {
            throw new IllegalArgumentException("customer count must not be negative: " + customerCount);
        }
        this.seed = seed;
        this.customerCount = customerCount;
        this.now = now.getEpochSecond();
    }

    public Dataset generate() {
        return generate(Set.of());
    }

    /**
     * Generates only {@code objectTypes} (every type when empty); types that only customers and
     * the catalog need skip generating subscriptions, invoices and payments altogether.
     */
    public Dataset generate(Set<String> objectTypes) {
        random = new Random(seed);
        productNames.clear();
        ids = new StripeIds(random);
        accountId = ids.next("acct", "1Sim", 16);
        Map<String, Object> account = account();

        List<Map<String, Object>> products = new ArrayList<>();
        List<Map<String, Object>> prices = new ArrayList<>();
        generateCatalog(products, prices);

        List<CustomerSeed> customers = generateCustomerSeeds();
        List<Map<String, Object>> subscriptions = new ArrayList<>();
        List<Map<String, Object>> invoices = new ArrayList<>();
        boolean onlyCustomersAndCatalog = !objectTypes.isEmpty() && Set.of("customer", "product", "price").containsAll(objectTypes);
        if (!onlyCustomersAndCatalog) {
            generateSubscriptions(customers, prices, subscriptions, invoices);
        }

        List<Map<String, Object>> customerJson = customers.stream().map(CustomerSeed::toJson).toList();
        // A separate random stream, so adding payment objects leaves the billing objects' bytes unchanged.
        Map<ObjectType, List<Map<String, Object>>> objects = onlyCustomersAndCatalog ? new EnumMap<>(ObjectType.class)
                : new CommerceGenerator(new Random(seed * 31 + 7), ids, now, HISTORY).generate(customerJson, prices, subscriptions, invoices);
        objects.put(ObjectType.CUSTOMER, customerJson);
        objects.put(ObjectType.PRODUCT, products);
        objects.put(ObjectType.PRICE, prices);
        objects.put(ObjectType.SUBSCRIPTION, subscriptions);
        objects.put(ObjectType.INVOICE, invoices);
        if (!objectTypes.isEmpty()) {
            objects.keySet().removeIf(type -> !objectTypes.contains(type.objectName()));
        }
        return new Dataset(account, objects);
    }

    // ---------------------------------------------------------------- account

    private Map<String, Object> account() {
        return m(
                "id", accountId,
                "object", "account",
                "business_profile", m(
                        "mcc", "5734",
                        "name", "Syncline Simulated Platform",
                        "support_email", "support@example.com",
                        "support_phone", null,
                        "support_url", null,
                        "url", "https://example.com"),
                "business_type", "company",
                "capabilities", m("card_payments", "active", "transfers", "active"),
                "charges_enabled", true,
                "country", "US",
                "created", now - HISTORY - 30 * DAY,
                "default_currency", "usd",
                "details_submitted", true,
                "email", "owner@example.com",
                "metadata", m(),
                "payouts_enabled", true,
                "type", "standard");
    }

    // ---------------------------------------------------------------- catalog

    private void generateCatalog(List<Map<String, Object>> products, List<Map<String, Object>> prices) {
        int count = Math.max(5, customerCount / 200);
        long previousCreated = 0;
        for (int i = 0; i < count; i++) {
            long created = i % TIE_EVERY == 1 ? previousCreated : between(now - HISTORY, now - 60 * DAY);
            previousCreated = created;
            // Archived products (and all their prices) exercise active=false without starving subscriptions.
            boolean archived = i >= 5 && i % 10 == 9;
            String productId = ids.next("prod", 14);
            String name = NamePools.pick(random, NamePools.PRODUCT_ADJECTIVES) + " "
                    + NamePools.pick(random, NamePools.PRODUCT_NOUNS);
            long monthly = MONTHLY_AMOUNTS[random.nextInt(MONTHLY_AMOUNTS.length)];

            List<Map<String, Object>> productPrices = new ArrayList<>();
            productPrices.add(price(productId, created, !archived, "usd", monthly, "month", null));
            productPrices.add(price(productId, created, !archived, "usd", monthly * 10, "year", "Annual"));
            if (random.nextDouble() < 0.6) {
                productPrices.add(price(productId, created, !archived, "eur", monthly, "month", "EUR monthly"));
            }
            if (random.nextDouble() < 0.4) {
                productPrices.add(price(productId, created, !archived, "gbp", monthly * 8 / 10, "month", "GBP monthly"));
            }
            if (random.nextDouble() < 0.3) {
                productPrices.add(price(productId, created, !archived, "eur", monthly * 10, "year", "EUR annual"));
            }
            if (random.nextDouble() < 0.5) {
                productPrices.add(price(productId, created, !archived, "usd", monthly * 2, null, "Setup fee"));
            }
            if (i == 0 || random.nextDouble() < 0.5) {
                // A superseded price: Stripe prices are immutable, so price changes leave inactive ones behind.
                long legacyCreated = Math.max(created, between(created, now - 30 * DAY));
                productPrices.add(price(productId, legacyCreated, false, "usd", monthly * 8 / 10, "month", "Legacy"));
            }
            productNames.put(productId, name);
            products.add(m(
                    "id", productId,
                    "object", "product",
                    "active", !archived,
                    "created", created,
                    "default_price", productPrices.get(0).get("id"),
                    "description", "The " + name.toLowerCase(Locale.ROOT) + " offering.",
                    "images", List.of(),
                    "livemode", false,
                    "marketing_features", List.of(),
                    "metadata", m(),
                    "name", name,
                    "package_dimensions", null,
                    "shippable", null,
                    "statement_descriptor", null,
                    "tax_code", null,
                    "type", "service",
                    "unit_label", null,
                    "updated", created,
                    "url", null));
            prices.addAll(productPrices);
        }
    }

    private Map<String, Object> price(
            String productId, long created, boolean active, String currency, long amount, String interval,
            String nickname) {
        Map<String, Object> recurring = interval == null ? null : m(
                "interval", interval,
                "interval_count", 1L,
                "meter", null,
                "trial_period_days", null,
                "usage_type", "licensed");
        return m(
                "id", ids.next("price", 24),
                "object", "price",
                "active", active,
                "billing_scheme", "per_unit",
                "created", created,
                "currency", currency,
                "custom_unit_amount", null,
                "livemode", false,
                "lookup_key", null,
                "metadata", m(),
                "nickname", nickname,
                "product", productId,
                "recurring", recurring,
                "tax_behavior", "unspecified",
                "tiers_mode", null,
                "transform_quantity", null,
                "type", interval == null ? "one_time" : "recurring",
                "unit_amount", amount,
                "unit_amount_decimal", Long.toString(amount));
    }

    // ---------------------------------------------------------------- customers

    /** Customers are finished after subscriptions, which decide currency, delinquency and invoice numbering. */
    private final class CustomerSeed {
        final String id = ids.next("cus", 14);
        final long created;
        final String name;
        final String email;
        final String phone;
        final String invoicePrefix;
        String currency;
        boolean delinquent;
        long nextInvoiceSequence = 1;

        CustomerSeed(long created) {
            this.created = created;
            String first = NamePools.pick(random, NamePools.FIRST_NAMES);
            String last = NamePools.pick(random, NamePools.LAST_NAMES);
            this.name = first + " " + last;
            int suffix = random.nextInt(100);
            this.email = ascii(first) + "." + ascii(last) + (suffix < 50 ? "" : Integer.toString(suffix))
                    + "@" + NamePools.pick(random, NamePools.EMAIL_DOMAINS);
            this.phone = random.nextBoolean() ? String.format("+1555%07d", random.nextInt(10_000_000)) : null;
            this.invoicePrefix = String.format("%08X", random.nextInt() & 0x7fffffff);
        }

        Map<String, Object> toJson() {
            return m(
                    "id", id,
                    "object", "customer",
                    "address", null,
                    "balance", 0L,
                    "business_name", null,
                    "created", created,
                    "currency", currency,
                    "customer_account", null,
                    "default_source", null,
                    "delinquent", delinquent,
                    "description", null,
                    "discount", null,
                    "email", email,
                    "individual_name", null,
                    "invoice_prefix", invoicePrefix,
                    "invoice_settings", m(
                            "custom_fields", null,
                            "default_payment_method", null,
                            "footer", null,
                            "rendering_options", null),
                    "livemode", false,
                    "metadata", m(),
                    "name", name,
                    "next_invoice_sequence", nextInvoiceSequence,
                    "phone", phone,
                    "preferred_locales", List.of(),
                    "shipping", null,
                    "tax_exempt", "none",
                    "test_clock", null);
        }
    }

    private List<CustomerSeed> generateCustomerSeeds() {
        List<CustomerSeed> customers = new ArrayList<>(customerCount);
        long previousCreated = 0;
        for (int i = 0; i < customerCount; i++) {
            long created = i % TIE_EVERY == 1 ? previousCreated : between(now - HISTORY, now);
            previousCreated = created;
            customers.add(new CustomerSeed(created));
        }
        return customers;
    }

    // ---------------------------------------------------------------- subscriptions and invoices

    private void generateSubscriptions(
            List<CustomerSeed> customers, List<Map<String, Object>> prices,
            List<Map<String, Object>> subscriptions, List<Map<String, Object>> invoices) {
        long previousCreated = Long.MIN_VALUE;
        int index = 0;
        for (CustomerSeed customer : customers) {
            if (random.nextDouble() >= 0.6) {
                continue;
            }
            // The first few subscriptions walk through every status so even tiny datasets cover them all.
            String status = index < SUBSCRIPTION_STATUSES.size()
                    ? SUBSCRIPTION_STATUSES.get(index)
                    : weightedStatus();
            long created = subscriptionCreated(status, customer.created);
            boolean longLived = !status.equals("trialing") && !status.equals("incomplete");
            if (index % TIE_EVERY == 1 && longLived && previousCreated >= customer.created) {
                created = previousCreated;
            }
            previousCreated = created;
            index++;
            String currency = weightedCurrency();
            String interval = random.nextDouble() < 0.8 ? "month" : "year";
            List<Map<String, Object>> chosen = choosePrices(prices, currency, interval);
            currency = (String) chosen.get(0).get("currency");
            interval = (String) ((Map<?, ?>) chosen.get(0).get("recurring")).get("interval");
            subscriptions.add(subscription(customer, status, created, currency, interval, chosen, invoices));
        }
    }

    private Map<String, Object> subscription(
            CustomerSeed customer, String status, long created, String currency, String interval,
            List<Map<String, Object>> chosenPrices, List<Map<String, Object>> invoices) {
        String subscriptionId = ids.next("sub", 24);
        Long canceledAt = null;
        long end = now;
        if (status.equals("canceled")) {
            canceledAt = between(created + HOUR, now);
            end = canceledAt;
        }
        Long trialEnd = status.equals("trialing") ? created + 14 * DAY : null;

        List<Long> periodStarts = new ArrayList<>();
        if (trialEnd != null) {
            periodStarts.add(created);
            periodStarts.add(trialEnd);
        } else {
            for (int k = 0; ; k++) {
                long start = addInterval(created, interval, k);
                if (start > end && k > 0) {
                    periodStarts.add(start);
                    break;
                }
                periodStarts.add(start);
            }
        }
        int currentPeriod = periodStarts.size() - 2;

        List<Map<String, Object>> items = new ArrayList<>();
        long amount = 0;
        for (Map<String, Object> price : chosenPrices) {
            long quantity = random.nextDouble() < 0.75 ? 1 : 2 + random.nextInt(9);
            amount += quantity * (Long) price.get("unit_amount");
            items.add(m(
                    "id", ids.next("si", 14),
                    "object", "subscription_item",
                    "billing_thresholds", null,
                    "created", created,
                    "current_period_end", periodStarts.get(currentPeriod + 1),
                    "current_period_start", periodStarts.get(currentPeriod),
                    "discounts", List.of(),
                    "metadata", m(),
                    "price", price,
                    "quantity", quantity,
                    "subscription", subscriptionId,
                    "tax_rates", List.of()));
        }

        List<Map<String, Object>> subscriptionInvoices = new ArrayList<>();
        int invoiceCount = trialEnd != null ? 1 : currentPeriod + 1;
        for (int k = 0; k < invoiceCount; k++) {
            // "A few per subscription": the creation invoice plus the three most recent cycles.
            if (k != 0 && k < invoiceCount - 3) {
                continue;
            }
            String invoiceStatus = invoiceStatus(status, k == invoiceCount - 1);
            long total = status.equals("trialing") ? 0 : amount;
            subscriptionInvoices.add(invoice(
                    customer, subscriptionId, items, currency, total, invoiceStatus, k == 0,
                    periodStarts.get(k), periodStarts.get(k + 1)));
        }
        invoices.addAll(subscriptionInvoices);

        if (status.equals("past_due") || status.equals("unpaid")) {
            customer.delinquent = true;
        }
        if (customer.currency == null) {
            customer.currency = currency;
        }
        String latestInvoice = (String) subscriptionInvoices.get(subscriptionInvoices.size() - 1).get("id");

        return m(
                "id", subscriptionId,
                "object", "subscription",
                "application", null,
                "application_fee_percent", null,
                "automatic_tax", m("disabled_reason", null, "enabled", false, "liability", null),
                "billing_cycle_anchor", trialEnd != null ? trialEnd : created,
                "billing_cycle_anchor_config", null,
                "billing_mode", m("type", "flexible", "updated_at", created),
                "cancel_at", null,
                "cancel_at_period_end", false,
                "canceled_at", canceledAt,
                "cancellation_details", m(
                        "comment", null,
                        "feedback", null,
                        "reason", canceledAt == null ? null : "cancellation_requested"),
                "collection_method", "charge_automatically",
                "created", created,
                "currency", currency,
                "customer", customer.id,
                "customer_account", null,
                "days_until_due", null,
                "default_payment_method", null,
                "default_source", null,
                "default_tax_rates", List.of(),
                "description", null,
                "discounts", List.of(),
                "ended_at", canceledAt,
                "invoice_settings", m("account_tax_ids", null, "issuer", m("type", "self")),
                "items", m(
                        "object", "list",
                        "data", items,
                        "has_more", false,
                        "total_count", (long) items.size(),
                        "url", "/v1/subscription_items?subscription=" + subscriptionId),
                "latest_invoice", latestInvoice,
                "livemode", false,
                "metadata", m(),
                "next_pending_invoice_item_invoice", null,
                "on_behalf_of", null,
                "pause_collection", null,
                "payment_settings", m(
                        "payment_method_options", null,
                        "payment_method_types", null,
                        "save_default_payment_method", "off"),
                "pending_invoice_item_interval", null,
                "pending_setup_intent", null,
                "pending_update", null,
                "schedule", null,
                "start_date", created,
                "status", status,
                "test_clock", null,
                "transfer_data", null,
                "trial_end", trialEnd,
                "trial_start", trialEnd == null ? null : created);
    }

    private Map<String, Object> invoice(
            CustomerSeed customer, String subscriptionId, List<Map<String, Object>> items, String currency,
            long total, String status, boolean first, long periodStart, long periodEnd) {
        String invoiceId = ids.next("in", 24);
        long created = periodStart;
        // Stripe finalizes the creation invoice at once and cycle invoices about an hour after drafting.
        long finalizedAt = Math.min(now, first ? created : created + HOUR);
        boolean draft = status.equals("draft");
        boolean paid = status.equals("paid");
        String number = draft ? null : customer.invoicePrefix + String.format("-%04d", customer.nextInvoiceSequence++);
        String hostedToken = draft ? null : "test_" + ids.token(40);

        List<Map<String, Object>> lines = new ArrayList<>();
        for (Map<String, Object> item : items) {
            @SuppressWarnings("unchecked")
            Map<String, Object> price = (Map<String, Object>) item.get("price");
            long quantity = (Long) item.get("quantity");
            long unitAmount = total == 0 ? 0 : (Long) price.get("unit_amount");
            lines.add(m(
                    "id", ids.next("il", 24),
                    "object", "line_item",
                    "amount", unitAmount * quantity,
                    "currency", currency,
                    "description", quantity + " × " + productNames.get(price.get("product")) + " (at "
                            + unitAmount + " " + currency + " / " + ((Map<?, ?>) price.get("recurring")).get("interval") + ")",
                    "discount_amounts", List.of(),
                    "discountable", true,
                    "discounts", List.of(),
                    "invoice", invoiceId,
                    "livemode", false,
                    "metadata", m(),
                    "parent", m(
                            "invoice_item_details", null,
                            "subscription_item_details", m(
                                    "invoice_item", null,
                                    "proration", false,
                                    "proration_details", m("credited_items", null),
                                    "subscription", subscriptionId,
                                    "subscription_item", item.get("id")),
                            "type", "subscription_item_details"),
                    "period", m("end", periodEnd, "start", periodStart),
                    "pretax_credit_amounts", List.of(),
                    "pricing", m(
                            "price_details", m("price", price.get("id"), "product", price.get("product")),
                            "type", "price_details",
                            "unit_amount_decimal", Long.toString(unitAmount)),
                    "quantity", quantity,
                    "subscription", subscriptionId,
                    "taxes", List.of()));
        }

        long amountPaid = paid ? total : 0;
        long amountRemaining = paid || status.equals("void") ? 0 : total;
        return m(
                "id", invoiceId,
                "object", "invoice",
                "account_country", "US",
                "account_name", "Syncline Simulated Platform",
                "account_tax_ids", null,
                "amount_due", total,
                "amount_overpaid", 0L,
                "amount_paid", amountPaid,
                "amount_remaining", amountRemaining,
                "amount_shipping", 0L,
                "application", null,
                "attempt_count", draft ? 0L : 1L,
                "attempted", !draft,
                "auto_advance", draft || status.equals("open"),
                "automatic_tax", m(
                        "disabled_reason", null, "enabled", false, "liability", null, "provider", null, "status", null),
                "automatically_finalizes_at", draft ? created + HOUR : null,
                "billing_reason", first ? "subscription_create" : "subscription_cycle",
                "collection_method", "charge_automatically",
                "created", created,
                "currency", currency,
                "custom_fields", null,
                "customer", customer.id,
                "customer_account", null,
                "customer_address", null,
                "customer_email", customer.email,
                "customer_name", customer.name,
                "customer_phone", customer.phone,
                "customer_shipping", null,
                "customer_tax_exempt", "none",
                "customer_tax_ids", List.of(),
                "default_payment_method", null,
                "default_source", null,
                "default_tax_rates", List.of(),
                "description", null,
                "discounts", List.of(),
                "due_date", null,
                "effective_at", draft ? null : finalizedAt,
                "ending_balance", draft ? null : 0L,
                "footer", null,
                "from_invoice", null,
                "hosted_invoice_url", draft ? null : "https://invoice.stripe.com/i/" + accountId + "/" + hostedToken,
                "invoice_pdf", draft ? null : "https://pay.stripe.com/invoice/" + accountId + "/" + hostedToken + "/pdf",
                "issuer", m("type", "self"),
                "last_finalization_error", null,
                "latest_revision", null,
                "lines", m(
                        "object", "list",
                        "data", lines,
                        "has_more", false,
                        "total_count", (long) lines.size(),
                        "url", "/v1/invoices/" + invoiceId + "/lines"),
                "livemode", false,
                "metadata", m(),
                "next_payment_attempt", status.equals("open") ? Math.max(now, created) + 3 * DAY : null,
                "number", number,
                "on_behalf_of", null,
                "parent", m(
                        "quote_details", null,
                        "subscription_details", m("metadata", m(), "subscription", subscriptionId),
                        "type", "subscription_details"),
                "period_end", periodStart,
                "period_start", periodStart,
                "post_payment_credit_notes_amount", 0L,
                "pre_payment_credit_notes_amount", 0L,
                "receipt_number", null,
                "rendering", null,
                "shipping_cost", null,
                "shipping_details", null,
                "starting_balance", 0L,
                "statement_descriptor", null,
                "status", status,
                "status_transitions", m(
                        "finalized_at", draft ? null : finalizedAt,
                        "marked_uncollectible_at", status.equals("uncollectible") ? Math.min(now, finalizedAt + 20 * DAY) : null,
                        "paid_at", paid ? finalizedAt : null,
                        "voided_at", status.equals("void") ? Math.min(now, finalizedAt + 2 * DAY) : null),
                "subtotal", total,
                "subtotal_excluding_tax", total,
                "test_clock", null,
                "threshold_reason", null,
                "total", total,
                "total_discount_amounts", List.of(),
                "total_excluding_tax", total,
                "total_pretax_credit_amounts", List.of(),
                "total_taxes", List.of(),
                "webhooks_delivered_at", draft ? null : finalizedAt);
    }

    private String invoiceStatus(String subscriptionStatus, boolean latest) {
        if (!latest) {
            return subscriptionStatus.equals("unpaid") && random.nextBoolean() ? "uncollectible" : "paid";
        }
        return switch (subscriptionStatus) {
            case "active" -> random.nextDouble() < 0.12 ? "draft" : "paid";
            case "trialing" -> "paid";
            case "past_due", "incomplete" -> "open";
            case "unpaid" -> random.nextBoolean() ? "uncollectible" : "open";
            case "canceled" -> random.nextDouble() < 0.5 ? "void" : "paid";
            default -> throw new IllegalStateException(subscriptionStatus);
        };
    }

    private long subscriptionCreated(String status, long customerCreated) {
        return switch (status) {
            case "trialing" -> between(Math.max(customerCreated, now - 13 * DAY), now);
            case "incomplete" -> between(Math.max(customerCreated, now - 22 * HOUR), now);
            case "past_due", "unpaid" -> between(customerCreated, now - 40 * DAY);
            default -> between(customerCreated, now - HOUR);
        };
    }

    private String weightedStatus() {
        double r = random.nextDouble();
        if (r < 0.55) {
            return "active";
        } else if (r < 0.63) {
            return "trialing";
        } else if (r < 0.70) {
            return "past_due";
        } else if (r < 0.90) {
            return "canceled";
        } else if (r < 0.94) {
            return "unpaid";
        }
        return "incomplete";
    }

    private String weightedCurrency() {
        double r = random.nextDouble();
        return r < 0.7 ? "usd" : r < 0.9 ? "eur" : "gbp";
    }

    /** One or two active recurring prices of distinct products sharing currency and interval. */
    private List<Map<String, Object>> choosePrices(
            List<Map<String, Object>> prices, String currency, String interval) {
        List<Map<String, Object>> candidates = candidates(prices, currency, interval);
        if (candidates.isEmpty()) {
            candidates = candidates(prices, "usd", interval);
        }
        List<Map<String, Object>> chosen = new ArrayList<>();
        chosen.add(candidates.get(random.nextInt(candidates.size())));
        if (random.nextDouble() < 0.2) {
            Map<String, Object> second = candidates.get(random.nextInt(candidates.size()));
            if (!second.get("product").equals(chosen.get(0).get("product"))) {
                chosen.add(second);
            }
        }
        return chosen;
    }

    private static List<Map<String, Object>> candidates(
            List<Map<String, Object>> prices, String currency, String interval) {
        List<Map<String, Object>> result = new ArrayList<>();
        for (Map<String, Object> price : prices) {
            Map<?, ?> recurring = (Map<?, ?>) price.get("recurring");
            if (Boolean.TRUE.equals(price.get("active")) && recurring != null
                    && currency.equals(price.get("currency")) && interval.equals(recurring.get("interval"))) {
                result.add(price);
            }
        }
        return result;
    }

    // ---------------------------------------------------------------- helpers

    private static long addInterval(long epochSecond, String interval, int count) {
        ZonedDateTime start = Instant.ofEpochSecond(epochSecond).atZone(ZoneOffset.UTC);
        return (interval.equals("year") ? start.plusYears(count) : start.plusMonths(count)).toEpochSecond();
    }

    /** Uniform in [from, to); collapses to {@code from} when the range is empty. */
    private long between(long from, long to) {
        if (to <= from) {
            return from;
        }
        return from + (long) (random.nextDouble() * (to - from));
    }

    private static String ascii(String name) {
        String stripped = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return stripped.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    }

    /** A LinkedHashMap from alternating keys and values; keeps Stripe's field order and allows nulls. */
    static Map<String, Object> m(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            map.put((String) keysAndValues[i], value instanceof Integer n ? Long.valueOf(n) : value);
        }
        return map;
    }
}
