package dev.syncline.sim.http;

import org.jspecify.annotations.Nullable;

/** How the platform's router finds the router of the account named in {@code Stripe-Account}. */
public interface AccountDirectory {

    /** The connected account's router, or null if it is unknown or has deauthorized the platform. */
    @Nullable StripeApiRouter connected(String accountId);
}
