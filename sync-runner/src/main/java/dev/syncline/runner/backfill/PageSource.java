package dev.syncline.runner.backfill;

import dev.syncline.runner.stripe.ListPage;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Where the reader gets its list pages: {@link dev.syncline.runner.stripe.StripeApi#list} in
 * production, under the account's budget; an in-memory list with simulated latency in tests, so
 * the reader's splitting and pacing can be checked in virtual time.
 */
@FunctionalInterface
interface PageSource {
    /**
     * One page of the list at {@code path}.
     *
     * @param params the list pass's own parameters and the {@code created} filters
     * @param startingAfter the cursor, or null for the first page
     * @param account the {@code Stripe-Account} to read as, or null for the API key's own
     */
    Mono<ListPage> list(String path, Map<String, String> params, @Nullable String startingAfter, int limit, @Nullable String account);
}
