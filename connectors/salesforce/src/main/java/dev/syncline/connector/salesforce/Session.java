package dev.syncline.connector.salesforce;

/**
 * An access token and the instance it is valid for.
 *
 * @param accessToken the bearer token; never logged
 * @param instanceUrl where REST calls go, without a trailing slash
 */
record Session(String accessToken, String instanceUrl) {
    @Override
    public String toString() {
        return "Session[" + instanceUrl + "]";
    }
}
