package dev.syncline.connector.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.errors.PermanentConnectorException;
import dev.syncline.connector.errors.RetriableConnectorException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import java.net.ConnectException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PostgresErrorClassifierTest {

    @ParameterizedTest
    @ValueSource(strings = {"08006", "08001", "40001", "40P01", "53300", "53100", "57P01"})
    void retriesConnectionConcurrencyAndResourceFailures(String state) {
        assertThat(PostgresErrorClassifier.classify(new R2dbcNonTransientResourceException("boom", state), "writing"))
                .isInstanceOf(RetriableConnectorException.class)
                .hasMessageContaining(state);
    }

    @ParameterizedTest
    @ValueSource(strings = {"28P01", "28000", "3D000", "42501", "42601"})
    void stopsOnCredentialsMissingDatabasePrivilegesAndBugs(String state) {
        assertThat(PostgresErrorClassifier.classify(new R2dbcPermissionDeniedException("no", state), "opening"))
                .isInstanceOf(PermanentConnectorException.class);
    }

    @Test
    void retriesALostConnectionWithoutSqlState() {
        R2dbcException refused = new R2dbcNonTransientResourceException("Cannot connect", new ConnectException("refused"));

        assertThat(PostgresErrorClassifier.classify(refused, "opening")).isInstanceOf(RetriableConnectorException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"22P05", "22021", "23505", "23502"})
    void treatsDataErrorsAsTheRecordsOwn(String state) {
        assertThat(PostgresErrorClassifier.isDataError(new R2dbcDataIntegrityViolationException("bad", state))).isTrue();
    }

    @Test
    void doesNotTreatOtherErrorsAsDataErrors() {
        assertThat(PostgresErrorClassifier.isDataError(new R2dbcNonTransientResourceException("down", "08006"))).isFalse();
        assertThat(PostgresErrorClassifier.isDataError(new IllegalStateException("bug"))).isFalse();
    }

    @Test
    void stopsOnAnUnexpectedFailure() {
        assertThat(PostgresErrorClassifier.classify(new IllegalStateException("bug"), "writing"))
                .isInstanceOf(PermanentConnectorException.class);
    }
}
