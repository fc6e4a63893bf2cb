package dev.syncline.runner.cli;

import dev.syncline.connector.config.InvalidConfigurationException;
import dev.syncline.connector.spi.Connectors;
import dev.syncline.runner.app.RunOptions;
import dev.syncline.runner.app.SynclineRuntime;
import dev.syncline.runner.catalog.StripeCatalog;
import dev.syncline.runner.config.ConfigReader;
import dev.syncline.runner.config.Since;
import dev.syncline.runner.config.SynclineConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Backfills now, with live progress, and exits when done. Streams that already completed run
 * again; unfinished ones resume from their checkpoints.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = "Backfill from Stripe's list API with live progress, then exit. Unfinished backfills resume where they stopped.")
final class BackfillCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, defaultValue = "syncline.yaml", description = "The YAML configuration file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = {"-p", "--pipeline"}, split = ",", description = "Pipelines to backfill (default: all).")
    List<String> pipelines = List.of();

    @Option(names = {"-o", "--objects"}, split = ",", description = "Object types to backfill, e.g. customer,invoice (default: each pipeline's own).")
    List<String> objects = List.of();

    @Option(names = "--since", description = "Only objects created on or after this date (2024-01-01), instant or Unix second.")
    String since;

    @Override
    public Integer call() {
        SynclineConfig valid;
        OptionalLong from;
        try {
            valid = ConfigReader.read(config, Connectors.discover());
            checkSelection(valid);
            from = since == null ? OptionalLong.empty() : OptionalLong.of(Since.parse(since));
        } catch (InvalidConfigurationException e) {
            System.err.println(e.getMessage());
            return SynclineCli.INVALID_CONFIGURATION;
        } catch (IllegalArgumentException e) {
            System.err.println("Invalid option: " + e.getMessage());
            return SynclineCli.INVALID_CONFIGURATION;
        }
        try (HeapSampler heap = new HeapSampler();
             SynclineRuntime runtime = SynclineRuntime.start(valid, new RunOptions(pipelines, objects, from, true, false), Connectors.discover(), true)) {
            try (ProgressDisplay display = new ProgressDisplay(runtime.sync(), System.out)) {
                display.start();
                runtime.sync().backfillCompletion().block();
            }
            long finished = System.nanoTime();
            Map<String, String> failures = runtime.sync().failures();
            failures.forEach((what, reason) -> System.err.println("Failed: " + what + ": " + reason));
            System.out.println(BackfillSummary.of(runtime.sync(), finished, heap.peakBytes()).render(failures.isEmpty()));
            return failures.isEmpty() ? 0 : SynclineCli.PIPELINE_FAILED;
        }
    }

    private void checkSelection(SynclineConfig valid) {
        List<String> names = valid.pipelines().stream().map(SynclineConfig.Pipeline::name).toList();
        for (String pipeline : pipelines) {
            if (!names.contains(pipeline)) {
                throw new IllegalArgumentException("--pipeline " + pipeline + " is not a configured pipeline; configured: " + String.join(", ", names));
            }
        }
        for (String type : objects) {
            if (StripeCatalog.find(type).isEmpty()) {
                throw new IllegalArgumentException("--objects " + type + " is not a Stripe object type Syncline can sync");
            }
        }
    }
}
