package dev.syncline.testkit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class PostgresFixtureIT {

    @Test
    void isOneServerPerJvm(PostgresFixture injected) {
        assertThat(injected).isSameAs(PostgresFixture.get());
        assertThat(injected.kind()).isIn("testcontainers", "embedded");
    }

    @Test
    void hasLogicalReplicationEnabled(PostgresFixture postgres) throws SQLException {
        try (Connection connection = postgres.connect("postgres"); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SHOW wal_level")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("logical");
        }
    }

    @Test
    void createsAFreshDatabaseForEachCaller(PostgresFixture postgres) throws SQLException {
        String first = postgres.createDatabase();
        String second = postgres.createDatabase();

        assertThat(first).isNotEqualTo(second);
        try (Connection connection = postgres.connect(first); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE only_here (id int)");
        }
        try (Connection connection = postgres.connect(second); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'only_here'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void exposesUrlsForBothDrivers(PostgresFixture postgres) {
        assertThat(postgres.r2dbcUrl("db1")).isEqualTo("r2dbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/db1");
        assertThat(postgres.jdbcUrl("db1")).isEqualTo("jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/db1");
    }
}
