package dev.syncline.connector.record;

import java.util.Objects;

/**
 * The identity of one Stripe object in a destination: the account it belongs to, its object type
 * (Stripe's {@code object} value, for example {@code customer} or {@code checkout.session}) and its id.
 *
 * @param accountId the Stripe account ({@code acct_…}); the platform's own account for non-Connect syncs
 * @param objectType Stripe's object type
 * @param id the object's id
 */
public record RecordKey(String accountId, String objectType, String id) {
    public RecordKey {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(objectType, "objectType");
        Objects.requireNonNull(id, "id");
    }

    @Override
    public String toString() {
        return accountId + "/" + objectType + "/" + id;
    }
}
