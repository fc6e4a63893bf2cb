package dev.syncline.sim.data;

import static dev.syncline.sim.data.DatasetGenerator.m;

import dev.syncline.sim.store.ObjectType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Derives the payment side of the account from the billing side the {@link DatasetGenerator}
 * built: cards for customers, a payment intent, charge and balance transaction for each
 * subscription's latest paid invoice, refunds, disputes, payouts, credit notes, checkout sessions,
 * coupons, promotion codes, tax rates and tax ids. Volumes scale with customers but stay well
 * below one object of each kind per customer, so a 10,000-customer demo still starts in seconds.
 */
final class CommerceGenerator {

    private static final long DAY = 86_400;
    private static final String[] BRANDS = {"visa", "visa", "visa", "mastercard", "mastercard", "amex"};

    private final Random random;
    private final StripeIds ids;
    private final long now;
    private final long history;
    private final Map<ObjectType, List<Map<String, Object>>> out = new EnumMap<>(ObjectType.class);

    CommerceGenerator(Random random, StripeIds ids, long now, long history) {
        this.random = random;
        this.ids = ids;
        this.now = now;
        this.history = history;
        for (ObjectType type : ObjectType.values()) {
            out.put(type, new ArrayList<>());
        }
    }

    @SuppressWarnings("unchecked")
    Map<ObjectType, List<Map<String, Object>>> generate(
            List<Map<String, Object>> customers, List<Map<String, Object>> prices,
            List<Map<String, Object>> subscriptions, List<Map<String, Object>> invoices) {
        taxRates();
        coupons(customers);
        for (Map<String, Object> price : prices) {
            if (price.get("recurring") != null) {
                out.get(ObjectType.PLAN).add(plan(price));
            }
        }
        for (Map<String, Object> subscription : subscriptions) {
            for (Object item : (List<Object>) ((Map<String, Object>) subscription.get("items")).get("data")) {
                out.get(ObjectType.SUBSCRIPTION_ITEM).add((Map<String, Object>) item);
            }
        }
        for (Map<String, Object> customer : customers) {
            customerExtras(customer);
        }
        List<Map<String, Object>> charges = payments(customers, invoices);
        refundsAndDisputes(charges);
        payouts();
        creditNotes(invoices);
        accountTaxIds();
        out.values().forEach(CommerceGenerator::addSameSecondTies);
        return out;
    }

    /** Same-second ties in every type, as in the billing objects: every seventh object shares its predecessor's second. */
    private static void addSameSecondTies(List<Map<String, Object>> objects) {
        String field = !objects.isEmpty() && objects.get(0).containsKey("date") ? "date" : "created";
        for (int i = 1; i < objects.size(); i += 7) {
            Map<String, Object> object = objects.get(i);
            if (object.get("object").equals("subscription_item") || object.get("object").equals("plan")) {
                return;
            }
            object.put(field, objects.get(i - 1).get(field));
        }
    }

    // ---------------------------------------------------------------- catalog extras

    private void taxRates() {
        Object[][] rates = {
            {"Sales tax", "US", "CA", 7.25, false, true}, {"Sales tax", "US", "NY", 8.875, false, true},
            {"VAT", "DE", null, 19.0, true, true}, {"VAT", "FR", null, 20.0, true, true},
            {"VAT", "GB", null, 20.0, true, false}, {"GST", "AU", null, 10.0, false, false},
        };
        long created = now - history;
        for (Object[] r : rates) {
            created = between(created, created + 30 * DAY);
            out.get(ObjectType.TAX_RATE).add(m(
                    "id", ids.next("txr", 24),
                    "object", "tax_rate",
                    "active", r[5],
                    "country", r[1],
                    "created", created,
                    "description", r[0] + " " + r[1],
                    "display_name", r[0],
                    "effective_percentage", r[3],
                    "flat_amount", null,
                    "inclusive", r[4],
                    "jurisdiction", r[2] == null ? r[1] : r[2],
                    "jurisdiction_level", r[2] == null ? "country" : "state",
                    "livemode", false,
                    "metadata", m(),
                    "percentage", r[3],
                    "rate_type", "percentage",
                    "state", r[2],
                    "tax_type", r[0].equals("VAT") ? "vat" : r[0].equals("GST") ? "gst" : "sales_tax"));
        }
    }

    private void coupons(List<Map<String, Object>> customers) {
        int count = Math.max(3, customers.size() / 1_000);
        for (int i = 0; i < count; i++) {
            long created = between(now - history, now - DAY);
            boolean percent = i % 3 != 2;
            String duration = i % 3 == 0 ? "once" : i % 3 == 1 ? "repeating" : "forever";
            String couponId = ids.token(8);
            long redeemed = random.nextInt(50);
            out.get(ObjectType.COUPON).add(m(
                    "id", couponId,
                    "object", "coupon",
                    "amount_off", percent ? null : 500L,
                    "created", created,
                    "currency", percent ? null : "usd",
                    "duration", duration,
                    "duration_in_months", duration.equals("repeating") ? 3L : null,
                    "livemode", false,
                    "max_redemptions", null,
                    "metadata", m(),
                    "name", percent ? (10 + 5 * (i % 4)) + "% off" : "$5 off",
                    "percent_off", percent ? (double) (10 + 5 * (i % 4)) : null,
                    "redeem_by", null,
                    "times_redeemed", redeemed,
                    "valid", true));
            int codes = 1 + random.nextInt(2);
            for (int c = 0; c < codes; c++) {
                boolean active = c == 0 || random.nextBoolean();
                Object restrictedTo = !customers.isEmpty() && random.nextDouble() < 0.2
                        ? customers.get(random.nextInt(customers.size())).get("id") : null;
                out.get(ObjectType.PROMOTION_CODE).add(m(
                        "id", ids.next("promo", 24),
                        "object", "promotion_code",
                        "active", active,
                        "code", ("SAVE" + ids.token(6)).toUpperCase(java.util.Locale.ROOT),
                        "created", between(created, now),
                        "customer", restrictedTo,
                        "customer_account", null,
                        "expires_at", null,
                        "livemode", false,
                        "max_redemptions", null,
                        "metadata", m(),
                        "promotion", m("coupon", couponId, "type", "coupon"),
                        "restrictions", m(
                                "currency_options", m(),
                                "first_time_transaction", false,
                                "minimum_amount", null,
                                "minimum_amount_currency", null),
                        "times_redeemed", (long) random.nextInt(20)));
            }
        }
    }

    private static Map<String, Object> plan(Map<String, Object> price) {
        Map<?, ?> recurring = (Map<?, ?>) price.get("recurring");
        return m(
                "id", price.get("id"),
                "object", "plan",
                "active", price.get("active"),
                "amount", price.get("unit_amount"),
                "amount_decimal", price.get("unit_amount_decimal"),
                "billing_scheme", "per_unit",
                "created", price.get("created"),
                "currency", price.get("currency"),
                "interval", recurring.get("interval"),
                "interval_count", recurring.get("interval_count"),
                "livemode", false,
                "metadata", m(),
                "meter", null,
                "nickname", price.get("nickname"),
                "product", price.get("product"),
                "tiers_mode", null,
                "transform_usage", null,
                "trial_period_days", null,
                "usage_type", "licensed");
    }

    // ---------------------------------------------------------------- per customer

    @SuppressWarnings("unchecked")
    private void customerExtras(Map<String, Object> customer) {
        String customerId = (String) customer.get("id");
        long customerCreated = (Long) customer.get("created");
        if (random.nextDouble() < 0.8) {
            Map<String, Object> card = card(customer, between(customerCreated, Math.min(now, customerCreated + DAY)));
            out.get(ObjectType.PAYMENT_METHOD).add(card);
            ((Map<String, Object>) customer.get("invoice_settings")).put("default_payment_method", card.get("id"));
            if (random.nextDouble() < 0.25) {
                out.get(ObjectType.SETUP_INTENT).add(setupIntent(customerId, (String) card.get("id"),
                        (Long) card.get("created")));
            }
            if (random.nextDouble() < 0.1) {
                out.get(ObjectType.PAYMENT_METHOD).add(card(customer, between(customerCreated, now)));
            }
        }
        if (random.nextDouble() < 0.1) {
            out.get(ObjectType.TAX_ID).add(taxId(m("type", "customer", "customer", customerId), customerId,
                    between(customerCreated, now)));
        }
        if (random.nextDouble() < 0.03) {
            out.get(ObjectType.INVOICE_ITEM).add(invoiceItem(customerId, between(Math.max(customerCreated, now - 20 * DAY), now)));
        }
        if (random.nextDouble() < 0.05) {
            out.get(ObjectType.CHECKOUT_SESSION).add(checkoutSession(customer));
        }
    }

    private Map<String, Object> card(Map<String, Object> customer, long created) {
        String brand = BRANDS[random.nextInt(BRANDS.length)];
        String last4 = brand.equals("amex") ? String.format("%04d", 8431) : String.format("%04d", 4242 + random.nextInt(10) * 1000 % 5758);
        return m(
                "id", ids.next("pm", 24),
                "object", "payment_method",
                "allow_redisplay", "always",
                "billing_details", m(
                        "address", m("city", null, "country", null, "line1", null, "line2", null,
                                "postal_code", String.format("%05d", random.nextInt(100_000)), "state", null),
                        "email", customer.get("email"),
                        "name", customer.get("name"),
                        "phone", null,
                        "tax_id", null),
                "card", m(
                        "brand", brand,
                        "checks", m("address_line1_check", null, "address_postal_code_check", "pass", "cvc_check", "pass"),
                        "country", "US",
                        "display_brand", brand,
                        "exp_month", 1L + random.nextInt(12),
                        "exp_year", 2027L + random.nextInt(5),
                        "fingerprint", ids.token(16),
                        "funding", "credit",
                        "generated_from", null,
                        "last4", last4,
                        "networks", m("available", List.of(brand), "preferred", null),
                        "regulated_status", "unregulated",
                        "three_d_secure_usage", m("supported", true),
                        "wallet", null),
                "created", created,
                "customer", customer.get("id"),
                "customer_account", null,
                "livemode", false,
                "metadata", m(),
                "type", "card");
    }

    private Map<String, Object> setupIntent(String customerId, String paymentMethod, long created) {
        String id = ids.next("seti", 24);
        return m(
                "id", id,
                "object", "setup_intent",
                "application", null,
                "automatic_payment_methods", null,
                "cancellation_reason", null,
                "client_secret", id + "_secret_" + ids.token(24),
                "created", created,
                "customer", customerId,
                "customer_account", null,
                "description", null,
                "flow_directions", null,
                "last_setup_error", null,
                "latest_attempt", null,
                "livemode", false,
                "mandate", null,
                "metadata", m(),
                "next_action", null,
                "on_behalf_of", null,
                "payment_method", paymentMethod,
                "payment_method_options", m("card", m("mandate_options", null, "network", null,
                        "request_three_d_secure", "automatic")),
                "payment_method_types", List.of("card"),
                "single_use_mandate", null,
                "status", "succeeded",
                "usage", "off_session");
    }

    private Map<String, Object> taxId(Map<String, Object> owner, String customerId, long created) {
        boolean eu = random.nextBoolean();
        return m(
                "id", ids.next("txi", 24),
                "object", "tax_id",
                "country", eu ? "DE" : "US",
                "created", created,
                "customer", customerId,
                "customer_account", null,
                "livemode", false,
                "owner", owner,
                "type", eu ? "eu_vat" : "us_ein",
                "value", eu ? "DE" + (100_000_000 + random.nextInt(899_999_999)) : (10 + random.nextInt(89)) + "-"
                        + (1_000_000 + random.nextInt(8_999_999)),
                "verification", eu ? m("status", "verified", "verified_address", null, "verified_name", null) : null);
    }

    private void accountTaxIds() {
        out.get(ObjectType.TAX_ID).add(taxId(m("type", "self"), null, now - history));
        out.get(ObjectType.TAX_ID).add(taxId(m("type", "self"), null, now - history + DAY));
    }

    private Map<String, Object> invoiceItem(String customerId, long created) {
        long amount = 100L * (5 + random.nextInt(100));
        return m(
                "id", ids.next("ii", 24),
                "object", "invoiceitem",
                "amount", amount,
                "currency", "usd",
                "customer", customerId,
                "customer_account", null,
                "date", created,
                "description", "One-off charge",
                "discountable", true,
                "discounts", List.of(),
                "invoice", null,
                "livemode", false,
                "metadata", m(),
                "net_amount", amount,
                "parent", null,
                "period", m("end", created, "start", created),
                "pricing", m("price_details", null, "type", "price_details", "unit_amount_decimal", Long.toString(amount)),
                "proration", false,
                "quantity", 1L,
                "tax_rates", List.of(),
                "test_clock", null);
    }

    private Map<String, Object> checkoutSession(Map<String, Object> customer) {
        long created = between(Math.max((Long) customer.get("created"), now - 60 * DAY), now);
        double r = random.nextDouble();
        String status = created > now - DAY ? "open" : r < 0.7 ? "complete" : "expired";
        String id = "cs_test_" + ids.token(58);
        long amount = 100L * (10 + random.nextInt(200));
        return m(
                "id", id,
                "object", "checkout.session",
                "allow_promotion_codes", false,
                "amount_subtotal", amount,
                "amount_total", amount,
                "billing_address_collection", null,
                "cancel_url", "https://example.com/cancel",
                "client_reference_id", null,
                "client_secret", null,
                "created", created,
                "currency", "usd",
                "customer", customer.get("id"),
                "customer_account", null,
                "customer_creation", null,
                "customer_details", m("address", null, "business_name", null, "email", customer.get("email"),
                        "individual_name", null, "name", customer.get("name"), "phone", null, "tax_exempt", "none",
                        "tax_ids", List.of()),
                "customer_email", null,
                "expires_at", created + DAY,
                "invoice", null,
                "livemode", false,
                "locale", null,
                "metadata", m(),
                "mode", "payment",
                "payment_intent", null,
                "payment_link", null,
                "payment_method_collection", "if_required",
                "payment_method_types", List.of("card"),
                "payment_status", status.equals("complete") ? "paid" : "unpaid",
                "status", status,
                "submit_type", null,
                "subscription", null,
                "success_url", "https://example.com/success",
                "ui_mode", "hosted",
                "url", status.equals("open") ? "https://checkout.stripe.com/c/pay/" + id : null);
    }

    // ---------------------------------------------------------------- money movement

    /** The latest paid invoice of each subscription is settled by a payment intent, a charge and a balance transaction. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> payments(List<Map<String, Object>> customers, List<Map<String, Object>> invoices) {
        Map<Object, Map<String, Object>> latestPaid = new java.util.LinkedHashMap<>();
        for (Map<String, Object> invoice : invoices) {
            if ("paid".equals(invoice.get("status")) && (Long) invoice.get("total") > 0) {
                Object subscription = ((Map<String, Object>) ((Map<String, Object>) invoice.get("parent"))
                        .get("subscription_details")).get("subscription");
                latestPaid.merge(subscription, invoice,
                        (a, b) -> (Long) a.get("created") >= (Long) b.get("created") ? a : b);
            }
        }
        Map<Object, Object> defaultCards = new java.util.HashMap<>();
        for (Map<String, Object> customer : customers) {
            defaultCards.put(customer.get("id"),
                    ((Map<String, Object>) customer.get("invoice_settings")).get("default_payment_method"));
        }
        List<Map<String, Object>> charges = new ArrayList<>();
        for (Map<String, Object> invoice : latestPaid.values()) {
            long created = (Long) ((Map<String, Object>) invoice.get("status_transitions")).get("paid_at");
            long amount = (Long) invoice.get("total");
            String currency = (String) invoice.get("currency");
            Object customer = invoice.get("customer");
            Object card = defaultCards.get(customer);
            String piId = ids.next("pi", 24);
            String chargeId = ids.next("ch", 24);
            String txnId = ids.next("txn", 24);
            long fee = Math.round(amount * 0.029) + 30;
            out.get(ObjectType.BALANCE_TRANSACTION).add(balanceTransaction(txnId, amount, fee, currency, created,
                    chargeId, "charge", "charge", "Subscription update"));
            out.get(ObjectType.PAYMENT_INTENT).add(m(
                    "id", piId,
                    "object", "payment_intent",
                    "amount", amount,
                    "amount_capturable", 0L,
                    "amount_details", m("tip", m()),
                    "amount_received", amount,
                    "application", null,
                    "application_fee_amount", null,
                    "automatic_payment_methods", null,
                    "canceled_at", null,
                    "cancellation_reason", null,
                    "capture_method", "automatic",
                    "client_secret", piId + "_secret_" + ids.token(24),
                    "confirmation_method", "automatic",
                    "created", created,
                    "currency", currency,
                    "customer", customer,
                    "customer_account", null,
                    "description", "Subscription update",
                    "last_payment_error", null,
                    "latest_charge", chargeId,
                    "livemode", false,
                    "metadata", m(),
                    "next_action", null,
                    "on_behalf_of", null,
                    "payment_method", card,
                    "payment_method_configuration_details", null,
                    "payment_method_options", m("card", m("installments", null, "mandate_options", null,
                            "network", null, "request_three_d_secure", "automatic")),
                    "payment_method_types", List.of("card"),
                    "processing", null,
                    "receipt_email", null,
                    "review", null,
                    "setup_future_usage", "off_session",
                    "shipping", null,
                    "source", null,
                    "statement_descriptor", null,
                    "statement_descriptor_suffix", null,
                    "status", "succeeded",
                    "transfer_data", null,
                    "transfer_group", null));
            Map<String, Object> charge = m(
                    "id", chargeId,
                    "object", "charge",
                    "amount", amount,
                    "amount_captured", amount,
                    "amount_refunded", 0L,
                    "application", null,
                    "application_fee", null,
                    "application_fee_amount", null,
                    "balance_transaction", txnId,
                    "billing_details", m("address", null, "email", invoice.get("customer_email"),
                            "name", invoice.get("customer_name"), "phone", null, "tax_id", null),
                    "calculated_statement_descriptor", "SYNCLINE SIM",
                    "captured", true,
                    "created", created,
                    "currency", currency,
                    "customer", customer,
                    "description", "Subscription update",
                    "disputed", false,
                    "failure_balance_transaction", null,
                    "failure_code", null,
                    "failure_message", null,
                    "fraud_details", m(),
                    "livemode", false,
                    "metadata", m(),
                    "on_behalf_of", null,
                    "outcome", m("advice_code", null, "network_advice_code", null, "network_decline_code", null,
                            "network_status", "approved_by_network", "reason", null, "risk_level", "normal",
                            "risk_score", (long) random.nextInt(60), "seller_message", "Payment complete.",
                            "type", "authorized"),
                    "paid", true,
                    "payment_intent", piId,
                    "payment_method", card,
                    "receipt_email", null,
                    "receipt_number", null,
                    "receipt_url", "https://pay.stripe.com/receipts/payment/" + ids.token(40),
                    "refunded", false,
                    "review", null,
                    "shipping", null,
                    "source", null,
                    "source_transfer", null,
                    "statement_descriptor", null,
                    "statement_descriptor_suffix", null,
                    "status", "succeeded",
                    "transfer_data", null,
                    "transfer_group", null);
            out.get(ObjectType.CHARGE).add(charge);
            charges.add(charge);
        }
        return charges;
    }

    private Map<String, Object> balanceTransaction(
            String id, long amount, long fee, String currency, long created, String source, String type,
            String category, String description) {
        return m(
                "id", id,
                "object", "balance_transaction",
                "amount", amount,
                "available_on", created + 2 * DAY,
                "balance_type", "payments",
                "created", created,
                "currency", currency,
                "description", description,
                "exchange_rate", null,
                "fee", fee,
                "fee_details", fee == 0 ? List.of() : List.of(m("amount", fee, "application", null,
                        "currency", currency, "description", "Stripe processing fees", "type", "stripe_fee")),
                "net", amount - fee,
                "reporting_category", category,
                "source", source,
                "status", created + 2 * DAY < now ? "available" : "pending",
                "type", type);
    }

    private void refundsAndDisputes(List<Map<String, Object>> charges) {
        for (int i = 0; i < charges.size(); i++) {
            Map<String, Object> charge = charges.get(i);
            long created = (Long) charge.get("created");
            if (i % 25 == 3) {
                long amount = (Long) charge.get("amount");
                String refundId = ids.next("re", 24);
                String txnId = ids.next("txn", 24);
                long refunded = between(created, now);
                out.get(ObjectType.BALANCE_TRANSACTION).add(balanceTransaction(txnId, -amount, 0, (String) charge.get("currency"),
                        refunded, refundId, "refund", "refund", "REFUND FOR CHARGE (Subscription update)"));
                charge.put("amount_refunded", amount);
                charge.put("refunded", true);
                out.get(ObjectType.REFUND).add(m(
                        "id", refundId,
                        "object", "refund",
                        "amount", amount,
                        "balance_transaction", txnId,
                        "charge", charge.get("id"),
                        "created", refunded,
                        "currency", charge.get("currency"),
                        "description", null,
                        "destination_details", m("card", m("reference_status", "available", "reference_type",
                                "acquirer_reference_number", "type", "refund"), "type", "card"),
                        "metadata", m(),
                        "payment_intent", charge.get("payment_intent"),
                        "reason", "requested_by_customer",
                        "receipt_number", null,
                        "source_transfer_reversal", null,
                        "status", "succeeded",
                        "transfer_reversal", null));
            } else if (i % 97 == 7 || i == 12) {
                charge.put("disputed", true);
                long disputed = between(created, now);
                boolean closed = disputed < now - 30 * DAY;
                out.get(ObjectType.DISPUTE).add(m(
                        "id", ids.next("dp", 24),
                        "object", "dispute",
                        "amount", charge.get("amount"),
                        "balance_transactions", List.of(),
                        "charge", charge.get("id"),
                        "created", disputed,
                        "currency", charge.get("currency"),
                        "enhanced_eligibility_types", List.of(),
                        "evidence_details", m("due_by", disputed + 21 * DAY, "enhanced_eligibility", m(),
                                "has_evidence", false, "past_due", closed, "submission_count", 0L),
                        "is_charge_refundable", false,
                        "livemode", false,
                        "metadata", m(),
                        "network_reason_code", "10.4",
                        "payment_intent", charge.get("payment_intent"),
                        "reason", "fraudulent",
                        "status", closed ? "lost" : "needs_response"));
            }
        }
    }

    private void payouts() {
        int count = Math.max(3, out.get(ObjectType.CHARGE).size() / 20);
        for (int i = 0; i < count; i++) {
            long created = between(now - history, now - DAY);
            long amount = 10_000L * (1 + random.nextInt(200));
            String payoutId = ids.next("po", 24);
            String txnId = ids.next("txn", 24);
            boolean paid = created < now - 3 * DAY;
            out.get(ObjectType.BALANCE_TRANSACTION).add(balanceTransaction(txnId, -amount, 0, "usd", created, payoutId,
                    "payout", "payout", "STRIPE PAYOUT"));
            out.get(ObjectType.PAYOUT).add(m(
                    "id", payoutId,
                    "object", "payout",
                    "amount", amount,
                    "application_fee", null,
                    "application_fee_amount", null,
                    "arrival_date", created + 2 * DAY,
                    "automatic", true,
                    "balance_transaction", txnId,
                    "created", created,
                    "currency", "usd",
                    "description", "STRIPE PAYOUT",
                    "destination", "ba_" + ids.token(24),
                    "failure_balance_transaction", null,
                    "failure_code", null,
                    "failure_message", null,
                    "livemode", false,
                    "metadata", m(),
                    "method", "standard",
                    "original_payout", null,
                    "payout_method", null,
                    "reconciliation_status", paid ? "completed" : "not_applicable",
                    "reversed_by", null,
                    "source_type", "card",
                    "statement_descriptor", null,
                    "status", paid ? "paid" : "in_transit",
                    "trace_id", null,
                    "type", "bank_account"));
        }
    }

    private void creditNotes(List<Map<String, Object>> invoices) {
        int made = 0;
        for (int i = 0; i < invoices.size(); i++) {
            Map<String, Object> invoice = invoices.get(i);
            if (!"paid".equals(invoice.get("status")) || (Long) invoice.get("total") == 0 || (i % 50 != 11 && made > 0)) {
                continue;
            }
            made++;
            long amount = (Long) invoice.get("total");
            long created = between((Long) invoice.get("created"), now);
            String id = ids.next("cn", 24);
            out.get(ObjectType.CREDIT_NOTE).add(m(
                    "id", id,
                    "object", "credit_note",
                    "amount", amount,
                    "amount_shipping", 0L,
                    "created", created,
                    "currency", invoice.get("currency"),
                    "customer", invoice.get("customer"),
                    "customer_account", null,
                    "customer_balance_transaction", null,
                    "discount_amount", 0L,
                    "discount_amounts", List.of(),
                    "effective_at", created,
                    "invoice", invoice.get("id"),
                    "lines", m("object", "list", "data", List.of(), "has_more", false,
                            "url", "/v1/credit_notes/" + id + "/lines"),
                    "livemode", false,
                    "memo", null,
                    "metadata", m(),
                    "number", invoice.get("number") + "-CN-01",
                    "out_of_band_amount", null,
                    "pdf", "https://pay.stripe.com/credit_notes/" + ids.token(40) + "/pdf",
                    "post_payment_amount", amount,
                    "pre_payment_amount", 0L,
                    "pretax_credit_amounts", List.of(),
                    "reason", "product_unsatisfactory",
                    "refunds", List.of(),
                    "shipping_cost", null,
                    "status", "issued",
                    "subtotal", amount,
                    "subtotal_excluding_tax", amount,
                    "total", amount,
                    "total_excluding_tax", amount,
                    "total_taxes", List.of(),
                    "type", "post_payment",
                    "voided_at", null));
        }
    }

    private long between(long from, long to) {
        if (to <= from) {
            return from;
        }
        return from + (long) (random.nextDouble() * (to - from));
    }
}
