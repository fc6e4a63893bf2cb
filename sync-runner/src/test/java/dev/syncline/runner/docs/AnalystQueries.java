package dev.syncline.runner.docs;

import java.util.List;

/**
 * The example queries of docs/warehouse-schema.md. The document shows exactly these strings and
 * {@code AnalystQueriesIT} runs them, so an example that stops working fails the build.
 */
final class AnalystQueries {
    private AnalystQueries() {}

    /** One example: a title, what it answers, and the SQL over schema {@code stripe}. */
    record Query(String title, String explanation, String sql) {}

    /**
     * Monthly recurring revenue at each month's end, per currency, in minor units. Yearly prices
     * count a twelfth; trials count from their end; a canceled subscription counts until it ended.
     */
    static final Query MRR_BY_MONTH = new Query("Monthly recurring revenue by month",
            "MRR at the end of each month, per currency, in minor units (cents): every item of every subscription "
                    + "that had started (after any trial) and had not ended by then, its price normalised to a month "
                    + "(a yearly price counts a twelfth). Subscriptions that never started (`incomplete`) are left out.",
            """
            WITH months AS (
                SELECT generate_series(
                           date_trunc('month', (SELECT min(start_date AT TIME ZONE 'UTC') FROM stripe.subscriptions)),
                           date_trunc('month', (SELECT max(created AT TIME ZONE 'UTC') FROM stripe.subscriptions)),
                           interval '1 month') AS month
            )
            SELECT to_char(m.month, 'YYYY-MM') AS month,
                   i.price->>'currency' AS currency,
                   round(sum((i.price->>'unit_amount')::numeric * i.quantity
                             * CASE i.price->'recurring'->>'interval'
                                   WHEN 'day' THEN 365 WHEN 'week' THEN 52 WHEN 'month' THEN 12 ELSE 1 END
                             / coalesce((i.price->'recurring'->>'interval_count')::numeric, 1)) / 12)::bigint AS mrr
            FROM months m
            JOIN stripe.subscriptions s
              ON s.start_date AT TIME ZONE 'UTC' < m.month + interval '1 month'
             AND (s.trial_end IS NULL OR s.trial_end AT TIME ZONE 'UTC' < m.month + interval '1 month')
             AND (s.ended_at IS NULL OR s.ended_at AT TIME ZONE 'UTC' >= m.month + interval '1 month')
            JOIN stripe.subscription_items i
              ON i._account_id = s._account_id AND i.subscription = s.id AND NOT i._deleted
            WHERE NOT s._deleted
              AND s.status NOT IN ('incomplete', 'incomplete_expired')
              AND i.price->'recurring' IS NOT NULL
            GROUP BY 1, 2
            ORDER BY 1, 2""");

    static final Query CHURNED_SUBSCRIPTIONS = new Query("Churned subscriptions",
            "Subscriptions canceled per month (UTC), with the customers' emails to follow up.",
            """
            SELECT to_char(date_trunc('month', s.canceled_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month,
                   count(*) AS churned,
                   count(DISTINCT s.customer) AS customers
            FROM stripe.subscriptions s
            WHERE s.status = 'canceled' AND s.canceled_at IS NOT NULL AND NOT s._deleted
            GROUP BY 1
            ORDER BY 1""");

    static final Query FAILED_PAYMENTS_BY_CUSTOMER = new Query("Failed payments by customer",
            "Customers whose invoices were attempted but are not paid (still `open`, or given up as "
                    + "`uncollectible`), with the amount outstanding per currency. Based on invoices, because they "
                    + "record every collection attempt (`attempted`, `attempt_count`) whatever the payment method; "
                    + "the `charges` table (`status = 'failed'`) gives the individual attempts where it is synced.",
            """
            SELECT c.id AS customer,
                   c.email,
                   i.currency,
                   count(*) AS failed_invoices,
                   sum(i.amount_remaining) AS amount_outstanding
            FROM stripe.invoices i
            JOIN stripe.customers c ON c._account_id = i._account_id AND c.id = i.customer
            WHERE i.attempted AND i.status IN ('open', 'uncollectible') AND i.amount_remaining > 0
              AND NOT i._deleted
            GROUP BY 1, 2, 3
            ORDER BY amount_outstanding DESC, customer, currency""");

    static final List<Query> ALL = List.of(MRR_BY_MONTH, CHURNED_SUBSCRIPTIONS, FAILED_PAYMENTS_BY_CUSTOMER);
}
