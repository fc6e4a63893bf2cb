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

/**
 * {@code syncline dead-letters} refuses bad options before it opens the state database, saying
 * what is wrong. The state URL points nowhere, so a test that got past the checks would fail.
 */
class DeadLettersCommandTest {
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
                state: { url: "r2dbc:postgresql://127.0.0.1:9/syncline" }
                egress: { allow: ["r2dbc:postgresql://127.0.0.1:9/"] }
                pipelines: [ { name: warehouse, objects: [customer], destination: { type: postgres, url: "r2dbc:postgresql://127.0.0.1:9/warehouse" } } ]
                """.formatted(manifest));
    }

    @AfterEach
    void restoreErr() {
        System.setErr(originalErr);
    }

    @Test
    void replayWithoutASelection_isRefused() {
        assertRefused("say what to replay: --all, or any of --pipeline, --object-type, --id", "replay");
    }

    @Test
    void replayAllWithAFilter_isRefused() {
        assertRefused("--all replays every pending dead letter", "replay", "--all", "--object-type", "customer");
    }

    @Test
    void unknownPipeline_isRefusedNamingTheConfiguredOnes() {
        assertRefused("--pipeline crm is not a configured pipeline; configured: warehouse", "list", "--pipeline", "crm");
        assertRefused("--pipeline crm is not a configured pipeline; configured: warehouse", "replay", "--pipeline", "crm");
    }

    @Test
    void unknownObjectType_isRefused() {
        assertRefused("--object-type unicorn is not a Stripe object type", "list", "--object-type", "unicorn");
        assertRefused("--object-type unicorn is not a Stripe object type", "replay", "--object-type", "unicorn");
    }

    @Test
    void unknownStatus_isRefused() {
        assertRefused("--status must be pending, replayed or all, not lost", "list", "--status", "lost");
    }

    @Test
    void nonPositiveLimitAndIds_areRefused() {
        assertRefused("--limit must be at least 1, not 0", "list", "--limit", "0");
        assertRefused("--id 0 is not a dead letter's id", "replay", "--id", "0");
        assertRefused("ID must be a dead letter's id (a positive number), not 0", "show", "0");
    }

    @Test
    void badSince_isRefused() {
        assertRefused("must be a date such as 2024-01-01", "list", "--since", "last tuesday");
    }

    @Test
    void notANumber_isAUsageError() {
        assertThat(SynclineCli.execute("dead-letters", "show", "twelve", "--config", config.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("twelve");
    }

    @Test
    void invalidConfiguration_isRefusedWithItsProblems() throws Exception {
        Files.writeString(config, Files.readString(config).replace("sk_test_cli", "pk_test_cli"));

        assertThat(SynclineCli.execute("dead-letters", "list", "--config", config.toString())).isEqualTo(SynclineCli.INVALID_CONFIGURATION);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("stripe.api-key").doesNotContain("pk_test_cli");
    }

    @Test
    void anUnreachableStateDatabase_isReportedWithExitCode1() {
        assertThat(SynclineCli.execute("dead-letters", "replay", "--all", "--config", config.toString())).isEqualTo(DeadLetterCommand.STATE_UNAVAILABLE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Cannot open the state database (state.url)");
    }

    private void assertRefused(String message, String... subcommand) {
        String[] args = new String[subcommand.length + 3];
        args[0] = "dead-letters";
        System.arraycopy(subcommand, 0, args, 1, subcommand.length);
        args[subcommand.length + 1] = "--config";
        args[subcommand.length + 2] = config.toString();
        assertThat(SynclineCli.execute(args)).as(String.join(" ", args)).isEqualTo(SynclineCli.INVALID_CONFIGURATION);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(message);
    }
}
