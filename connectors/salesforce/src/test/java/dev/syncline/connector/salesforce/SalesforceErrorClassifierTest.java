package dev.syncline.connector.salesforce;

import static dev.syncline.connector.salesforce.SalesforceErrorClassifier.Kind.CONCURRENCY_LIMIT;
import static dev.syncline.connector.salesforce.SalesforceErrorClassifier.Kind.DAILY_LIMIT;
import static dev.syncline.connector.salesforce.SalesforceErrorClassifier.Kind.OK;
import static dev.syncline.connector.salesforce.SalesforceErrorClassifier.Kind.PERMANENT;
import static dev.syncline.connector.salesforce.SalesforceErrorClassifier.Kind.REAUTHENTICATE;
import static dev.syncline.connector.salesforce.SalesforceErrorClassifier.Kind.RETRIABLE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.errors.PermanentConnectorException;
import dev.syncline.connector.errors.RetriableConnectorException;
import dev.syncline.connector.http.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every row of the reference's error table (crm-apis.md §2.6), with its real bodies. */
class SalesforceErrorClassifierTest {
    private static HttpResponse response(int status, String body) {
        return new HttpResponse(status, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8), "https://x/");
    }

    private static String error(String code, String message) {
        return "[{\"message\":\"" + message + "\",\"errorCode\":\"" + code + "\"}]";
    }

    @ParameterizedTest(name = "{0} {1} → {3}")
    @CsvSource(delimiter = '|', value = {
            "200 | ''                     | ''                                   | OK",
            "201 | ''                     | ''                                   | OK",
            "204 | ''                     | ''                                   | OK",
            "300 | ''                     | ''                                   | PERMANENT",
            "400 | INVALID_FIELD          | No such column 'X' on sobject of type Account | PERMANENT",
            "400 | MALFORMED_ID           | bad id                               | PERMANENT",
            "400 | JSON_PARSER_ERROR      | Unexpected character                 | PERMANENT",
            "400 | INVALID_TYPE           | sObject type 'Acount' is not supported | PERMANENT",
            "401 | INVALID_SESSION_ID     | Session expired or invalid           | REAUTHENTICATE",
            "403 | REQUEST_LIMIT_EXCEEDED | TotalRequests Limit exceeded.        | DAILY_LIMIT",
            "403 | REQUEST_LIMIT_EXCEEDED | ConcurrentPerOrgLongTxn Limit exceeded. | CONCURRENCY_LIMIT",
            "403 | INSUFFICIENT_ACCESS    | insufficient access rights on object id | PERMANENT",
            "404 | NOT_FOUND              | The requested resource does not exist | PERMANENT",
            "405 | METHOD_NOT_ALLOWED     | HTTP Method not allowed              | PERMANENT",
            "409 | CONFLICT               | conflict                             | PERMANENT",
            "412 | PRECONDITION_FAILED    | precondition                         | PERMANENT",
            "414 | URI_TOO_LONG           | too long                             | PERMANENT",
            "415 | UNSUPPORTED_MEDIA_TYPE | media type                           | PERMANENT",
            "431 | HEADERS_TOO_LARGE      | headers                              | PERMANENT",
            "500 | UNKNOWN_EXCEPTION      | An unexpected error occurred.        | RETRIABLE",
            "502 | ''                     | ''                                   | RETRIABLE",
            "503 | SERVER_UNAVAILABLE     | Server is unavailable.               | RETRIABLE",
            "504 | ''                     | ''                                   | RETRIABLE"})
    void eachStatusOfTheReferenceTable(int status, String code, String message, SalesforceErrorClassifier.Kind kind) {
        String body = code.isEmpty() ? "" : error(code, message);
        assertThat(SalesforceErrorClassifier.kind(response(status, body))).isEqualTo(kind);
    }

    @Test
    void theDailyLimitIsRetriableOnlyAfterALongHold() {
        var failure = SalesforceErrorClassifier.failure(response(403, error("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")), "an upsert");
        assertThat(failure).isInstanceOf(RetriableConnectorException.class).hasMessageContaining("daily API allocation");
        assertThat(((RetriableConnectorException) failure).retryAfter()).contains(Duration.ofMinutes(10));
    }

    @Test
    void theConcurrencyLimitAndServerErrorsAreRetriableWithBackoff() {
        var concurrency = SalesforceErrorClassifier.failure(response(403, error("REQUEST_LIMIT_EXCEEDED", "ConcurrentPerOrgLongTxn Limit exceeded.")), "x");
        var unavailable = SalesforceErrorClassifier.failure(response(503, error("SERVER_UNAVAILABLE", "Server is unavailable.")), "x");
        assertThat(concurrency).isInstanceOf(RetriableConnectorException.class);
        assertThat(((RetriableConnectorException) concurrency).retryAfter()).isEmpty();
        assertThat(unavailable).isInstanceOf(RetriableConnectorException.class);
    }

    @Test
    void aSecondRefusedSessionAndConfigurationErrorsStopThePipeline() {
        assertThat(SalesforceErrorClassifier.failure(response(401, error("INVALID_SESSION_ID", "Session expired or invalid")), "x"))
                .isInstanceOf(PermanentConnectorException.class).hasMessageContaining("fresh session was refused");
        assertThat(SalesforceErrorClassifier.failure(response(400, error("INVALID_FIELD", "No such column 'X'")), "x"))
                .isInstanceOf(PermanentConnectorException.class).hasMessageContaining("No such column");
    }

    @Test
    void tokenErrors() {
        assertThat(SalesforceErrorClassifier.tokenFailure(response(400, "{\"error\":\"invalid_grant\",\"error_description\":\"authentication failure\"}"), "p"))
                .isInstanceOf(PermanentConnectorException.class).hasMessageContaining("invalid_grant");
        assertThat(SalesforceErrorClassifier.tokenFailure(response(503, ""), "p")).isInstanceOf(RetriableConnectorException.class);
    }

    @Test
    void transportFailuresAreRetriable() {
        assertThat(SalesforceErrorClassifier.transport(new IOException("Connection reset"), "x")).isInstanceOf(RetriableConnectorException.class);
        assertThat(SalesforceErrorClassifier.transport(new TimeoutException(), "x")).isInstanceOf(RetriableConnectorException.class)
                .hasMessageContaining("no answer in time");
    }

    @Test
    void perRecordErrors() {
        assertThat(SalesforceErrorClassifier.retriableRecord("UNABLE_TO_LOCK_ROW")).isTrue();
        for (String code : new String[] {"DUPLICATE_VALUE", "REQUIRED_FIELD_MISSING", "INVALID_EMAIL_ADDRESS",
                "FIELD_CUSTOM_VALIDATION_EXCEPTION", "DUPLICATES_DETECTED", "ALL_OR_NONE_OPERATION_ROLLED_BACK", "STRING_TOO_LONG"}) {
            assertThat(SalesforceErrorClassifier.retriableRecord(code)).as(code).isFalse();
        }
        assertThat(SalesforceErrorClassifier.absentOnDelete("REQUIRED_FIELD_MISSING")).isTrue();
    }

    @Test
    void htmlFromAGatewayIsJudgedByItsStatus() {
        assertThat(SalesforceErrorClassifier.kind(response(503, "<html>busy</html>"))).isEqualTo(RETRIABLE);
        assertThat(SalesforceErrorClassifier.kind(response(200, "[]"))).isEqualTo(OK);
        assertThat(SalesforceErrorClassifier.kind(response(403, "<html>no</html>"))).isEqualTo(PERMANENT);
        assertThat(REAUTHENTICATE).isNotEqualTo(DAILY_LIMIT).isNotEqualTo(CONCURRENCY_LIMIT);
    }
}
