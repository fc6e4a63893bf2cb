package dev.syncline.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.runner.policy.DemoManifest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code syncline backfill} refuses bad options before it starts anything, saying what is wrong. */
class BackfillCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;
    private Path config;

    @BeforeEach
    void validConfiguration() throws Exception {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        Path manifest = DemoManifest.write(dir, List.of("customer"));
        config = dir.resolve("syncline.yaml");
        Files.writeString(config, """
                manifest: "%s"
                stripe: { api-key: sk_test_cli, api-base: "http://127.0.0.1:9" }
                pipelines: [ { name: warehouse, objects: [customer], destination: { type: postgres } } ]
                """.formatted(manifest));
    }

    @AfterEach
    void restoreErr() {
        System.setErr(originalErr);
    }

    @Test
    void unknownObjectType_isRefused() {
        assertThat(SynclineCli.execute("backfill", "--config", config.toString(), "--objects", "customer,unicorn"))
                .isEqualTo(SynclineCli.INVALID_CONFIGURATION);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--objects unicorn is not a Stripe object type");
    }

    @Test
    void unknownPipeline_isRefusedNamingTheConfiguredOnes() {
        assertThat(SynclineCli.execute("backfill", "--config", config.toString(), "--pipeline", "crm"))
                .isEqualTo(SynclineCli.INVALID_CONFIGURATION);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--pipeline crm is not a configured pipeline; configured: warehouse");
    }

    @Test
    void badSince_isRefused() {
        assertThat(SynclineCli.execute("backfill", "--config", config.toString(), "--since", "last tuesday"))
                .isEqualTo(SynclineCli.INVALID_CONFIGURATION);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("must be a date such as 2024-01-01");
    }

    @Test
    void invalidConfiguration_isRefusedWithItsProblems() throws Exception {
        Files.writeString(config, Files.readString(config).replace("sk_test_cli", "pk_test_cli"));

        assertThat(SynclineCli.execute("backfill", "--config", config.toString())).isEqualTo(SynclineCli.INVALID_CONFIGURATION);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("stripe.api-key").doesNotContain("pk_test_cli");
    }
}
