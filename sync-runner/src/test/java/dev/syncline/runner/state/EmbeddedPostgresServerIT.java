package dev.syncline.runner.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server the defaults run on keeps the promises the inbox and its change stream rely on. */
class EmbeddedPostgresServerIT {
    @TempDir
    Path dataDir;

    @Test
    void commitsAreWrittenBeforeTheyAreAnsweredAndChangesCanBeStreamed() throws SQLException {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, EmbeddedPostgresServer.freePort());
             Connection connection = server.connect("syncline")) {
            // An asynchronous commit would let a webhook be answered 2xx before its inbox row is written,
            // and hold its change back from the change stream until the WAL writer's next round.
            assertThat(setting(connection, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(connection, "wal_level")).isEqualTo("logical");
        }
    }

    private static String setting(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("SHOW " + name)) {
            assertThat(result.next()).isTrue();
            return result.getString(1);
        }
    }
}
