package dev.syncline.connector.hubspot;

import static dev.syncline.connector.hubspot.HubSpotErrorClassifier.Kind.ANSWERED;
import static dev.syncline.connector.hubspot.HubSpotErrorClassifier.Kind.PERMANENT;
import static dev.syncline.connector.hubspot.HubSpotErrorClassifier.Kind.REFUSED;
import static dev.syncline.connector.hubspot.HubSpotErrorClassifier.Kind.RETRIABLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.errors.PermanentConnectorException;
import dev.syncline.connector.errors.RetriableConnectorException;
import dev.syncline.connector.http.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every row of the reference's HubSpot error table, through the one classifier. */
class HubSpotErrorClassifierTest {
    private static final String TEN_SECONDLY = "{\"status\":\"error\",\"message\":\"You have reached your ten secondly limit.\","
            + "\"errorType\":\"RATE_LIMIT\",\"correlationId\":\"c033cdaa\",\"policyName\":\"TEN_SECONDLY_ROLLING\",\"requestId\":\"3d3e35b7\"}";
    private static final String DAILY = "{\"status\":\"error\",\"message\":\"You have reached your daily limit.\","
            + "\"errorType\":\"RATE_LIMIT\",\"correlationId\":\"c033cdaa\",\"policyName\":\"DAILY\",\"requestId\":\"3d3e35b7\"}";
    private static final String SEARCH = "{\"status\":\"error\",\"message\":\"You have reached your secondly limit.\","
            + "\"correlationId\":\"19dab6f7\",\"category\":\"RATE_LIMITS\"}";

    private static HttpResponse response(int status, String body, String... headers) {
        Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], headers[i + 1]);
        }
        return new HttpResponse(status, map, body.getBytes(StandardCharsets.UTF_8), "https://api.hubapi.com/crm/v3/objects/contacts/batch/upsert");
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "200, ANSWERED", "201, ANSWERED", "204, ANSWERED", "207, ANSWERED",
            "400, REFUSED", "409, REFUSED", "414, REFUSED",
            "423, RETRIABLE", "477, RETRIABLE", "500, RETRIABLE", "502, RETRIABLE", "503, RETRIABLE", "504, RETRIABLE",
            "521, RETRIABLE", "523, RETRIABLE", "524, RETRIABLE",
            "401, PERMANENT", "403, PERMANENT", "404, PERMANENT", "405, PERMANENT", "522, PERMANENT", "525, PERMANENT", "526, PERMANENT"})
    void eachStatusHasItsKind(int status, HubSpotErrorClassifier.Kind kind) {
        assertThat(HubSpotErrorClassifier.kind(response(status, "{\"status\":\"error\",\"message\":\"m\",\"category\":\"X\"}"))).isEqualTo(kind);
    }

    @Test
    void theTenSecondLimitIsRetriedAfterTheWindow() {
        HttpResponse limited = response(429, TEN_SECONDLY, "X-HubSpot-RateLimit-Interval-Milliseconds", "10000");

        assertThat(HubSpotErrorClassifier.kind(limited)).isEqualTo(RETRIABLE);
        assertThat(HubSpotErrorClassifier.failure(limited, "upserting")).isInstanceOf(RetriableConnectorException.class)
                .satisfies(e -> assertThat(((RetriableConnectorException) e).retryAfter()).contains(Duration.ofSeconds(10)));
        assertThat(HubSpotErrorClassifier.retryAfter(response(429, TEN_SECONDLY), Map.of())).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theDailyLimitStopsThePipelineWithAClearMessage() {
        HttpResponse daily = response(429, DAILY);

        assertThat(HubSpotErrorClassifier.kind(daily)).isEqualTo(PERMANENT);
        assertThat(HubSpotErrorClassifier.failure(daily, "upserting")).isInstanceOf(PermanentConnectorException.class)
                .hasMessageContaining("DAILY").hasMessageContaining("daily API limit").hasMessageContaining("midnight");
    }

    @Test
    void theSearchLimitWaitsASecond() {
        assertThat(HubSpotErrorClassifier.kind(response(429, SEARCH))).isEqualTo(RETRIABLE);
        assertThat(((RetriableConnectorException) HubSpotErrorClassifier.failure(response(429, SEARCH), "searching")).retryAfter())
                .contains(Duration.ofSeconds(1));
    }

    @Test
    void aLockWaitsAtLeastTwoSeconds_evenIfRetryAfterSaysLess() {
        assertThat(HubSpotErrorClassifier.retryAfter(response(423, "{}"), Map.of())).isEqualTo(Duration.ofSeconds(2));
        assertThat(HubSpotErrorClassifier.retryAfter(response(423, "{}", "Retry-After", "1"), Map.of())).isEqualTo(Duration.ofSeconds(2));
        assertThat(HubSpotErrorClassifier.retryAfter(response(423, "{}", "Retry-After", "5"), Map.of())).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void retryAfterIsSecondsFor477_millisecondsAbove1000_andCapped() {
        assertThat(HubSpotErrorClassifier.retryAfterHeader("30", 477)).isEqualTo(Duration.ofSeconds(30));
        assertThat(HubSpotErrorClassifier.retryAfterHeader("86400", 477)).isEqualTo(HubSpotErrorClassifier.MAX_RETRY_AFTER);
        assertThat(HubSpotErrorClassifier.retryAfterHeader("2500", 503)).isEqualTo(Duration.ofMillis(2500));
        assertThat(HubSpotErrorClassifier.retryAfterHeader("3", 503)).isEqualTo(Duration.ofSeconds(3));
        assertThat(HubSpotErrorClassifier.retryAfterHeader("soon", 503)).isNull();
        assertThat(HubSpotErrorClassifier.retryAfter(response(502, "<html>bad gateway</html>"), Map.of())).isNull();
    }

    @Test
    void permanentErrorsSayWhatToFix() {
        assertThat(HubSpotErrorClassifier.failure(response(401, "{\"status\":\"error\",\"message\":\"Authentication credentials not found.\","
                + "\"category\":\"INVALID_AUTHENTICATION\"}"), "upserting")).hasMessageContaining("INVALID_AUTHENTICATION").hasMessageContaining("token");
        assertThat(HubSpotErrorClassifier.failure(response(403, "{\"status\":\"error\",\"message\":\"This app hasn't been granted all required scopes\","
                + "\"category\":\"MISSING_SCOPES\"}"), "upserting")).hasMessageContaining("MISSING_SCOPES").hasMessageContaining("scopes");
    }

    @Test
    void aRefusalCarriesHubSpotsMessageAndCorrelationId() {
        HttpResponse refused = response(400, "{\"status\":\"error\",\"message\":\"Property values were not valid\",\"category\":\"VALIDATION_ERROR\"}",
                "X-HubSpot-Correlation-Id", "a43683b0");
        assertThat(HubSpotErrorClassifier.refusal(refused)).isEqualTo("HubSpot 400 VALIDATION_ERROR: Property values were not valid (correlation id a43683b0)");
    }

    @Test
    void transportFailuresAreRetriable() {
        assertThat(HubSpotErrorClassifier.classify(new IOException("Connection reset"), "upserting"))
                .isInstanceOf(RetriableConnectorException.class).hasMessageContaining("Connection reset");
    }
}
