package dev.syncline.runner.backfill;

/**
 * One backfill stream: an object type and one of its list passes (prices have an active and an
 * inactive pass, see {@link dev.syncline.runner.catalog.StripeObjectType#passes()}).
 */
public record StreamKey(String objectType, int pass) {
    @Override
    public String toString() {
        return objectType + "#" + pass;
    }
}
