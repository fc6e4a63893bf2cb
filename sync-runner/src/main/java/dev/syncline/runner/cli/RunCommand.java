package dev.syncline.runner.cli;

import dev.syncline.connector.config.InvalidConfigurationException;
import dev.syncline.connector.spi.Connectors;
import dev.syncline.runner.app.SynclineRuntime;
import dev.syncline.runner.config.ConfigReader;
import dev.syncline.runner.config.SynclineConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the pipelines of a configuration file until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the pipelines of a configuration file until stopped.")
final class RunCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, defaultValue = "syncline.yaml", description = "The YAML configuration file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--exit-after-backfill", description = "Stop once every pipeline has finished its backfill.")
    boolean exitAfterBackfill;

    @Override
    public Integer call() throws InterruptedException {
        SynclineConfig valid;
        try {
            valid = ConfigReader.read(config, Connectors.discover());
        } catch (InvalidConfigurationException e) {
            System.err.println(e.getMessage());
            return SynclineCli.INVALID_CONFIGURATION;
        }
        SynclineRuntime runtime = SynclineRuntime.start(valid, Connectors.discover(), false);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            runtime.close();
            stopped.countDown();
        }, "syncline-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (exitAfterBackfill) {
            runtime.sync().backfillCompletion().block();
            boolean failed = !runtime.sync().failures().isEmpty();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // A SIGTERM ended the backfill early: the hook is draining and closing; let it finish.
                stopped.await();
                return 0;
            }
            runtime.close();
            return failed ? SynclineCli.PIPELINE_FAILED : 0;
        }
        stopped.await();
        return 0;
    }
}
