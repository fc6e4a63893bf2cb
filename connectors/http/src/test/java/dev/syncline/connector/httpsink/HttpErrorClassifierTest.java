package dev.syncline.connector.httpsink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpErrorClassifierTest {
    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"200, WRITTEN", "204, WRITTEN", "408, RETRIABLE", "409, RETRIABLE", "429, RETRIABLE", "500, RETRIABLE",
            "503, RETRIABLE", "401, PERMANENT", "403, PERMANENT", "400, REJECTED", "404, REJECTED", "413, REJECTED", "422, REJECTED"})
    void eachStatusHasOneKind(int status, HttpErrorClassifier.Kind kind) {
        assertThat(HttpErrorClassifier.kind(status)).isEqualTo(kind);
    }

    @ParameterizedTest(name = "Retry-After: {0}")
    @CsvSource({"7, PT7S", "'Thu, 15 Jan 2026 10:00:30 GMT', PT30S", "'Thu, 15 Jan 2026 09:00:00 GMT', PT0S", "86400, PT5M"})
    void retryAfterIsReadAsSecondsOrADate_andCapped(String header, Duration expected) {
        assertThat(HttpErrorClassifier.retryAfter(header, NOW)).isEqualTo(expected);
    }

    @Test
    void anUnreadableRetryAfterIsIgnored() {
        assertThat(HttpErrorClassifier.retryAfter("soon", NOW)).isNull();
        assertThat(HttpErrorClassifier.retryAfter(null, NOW)).isNull();
    }
}
