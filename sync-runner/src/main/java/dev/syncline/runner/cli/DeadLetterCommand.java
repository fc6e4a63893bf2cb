package dev.syncline.runner.cli;

import dev.syncline.connector.config.InvalidConfigurationException;
import dev.syncline.connector.spi.Connectors;
import dev.syncline.runner.catalog.StripeCatalog;
import dev.syncline.runner.config.ConfigReader;
import dev.syncline.runner.config.SynclineConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * What every {@code syncline dead-letters} subcommand does first: read and validate the
 * configuration and the options (exit 2 with the reason when either is wrong), then open the
 * state database (exit 1 with the reason when it cannot be reached).
 */
abstract class DeadLetterCommand implements Callable<Integer> {
    /** Exit code when the state database cannot be reached. */
    static final int STATE_UNAVAILABLE = 1;

    @Option(names = {"-c", "--config"}, defaultValue = "syncline.yaml", description = "The YAML configuration file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Override
    public final Integer call() {
        SynclineConfig valid;
        try {
            valid = ConfigReader.read(config, Connectors.discover());
            checkOptions(valid);
        } catch (InvalidConfigurationException e) {
            System.err.println(e.getMessage());
            return SynclineCli.INVALID_CONFIGURATION;
        } catch (IllegalArgumentException e) {
            System.err.println("Invalid option: " + e.getMessage());
            return SynclineCli.INVALID_CONFIGURATION;
        }
        StateDatabase state;
        try {
            state = StateDatabase.open(valid, writesDestinations());
        } catch (RuntimeException e) {
            System.err.println("Cannot open the state database (" + (valid.state().embedded() ? "embedded" : "state.url") + "): " + e.getMessage());
            return STATE_UNAVAILABLE;
        }
        try (state) {
            return run(valid, state);
        } catch (IllegalArgumentException e) {
            System.err.println("Invalid option: " + e.getMessage());
            return SynclineCli.INVALID_CONFIGURATION;
        }
    }

    /** Refuses options that cannot be right for this configuration, before anything is opened. */
    abstract void checkOptions(SynclineConfig valid);

    abstract int run(SynclineConfig valid, StateDatabase state);

    /** Whether the command writes to the pipelines' destinations (and so needs an embedded warehouse running). */
    boolean writesDestinations() {
        return false;
    }

    static void checkPipeline(SynclineConfig valid, @Nullable String pipeline) {
        List<String> names = valid.pipelines().stream().map(SynclineConfig.Pipeline::name).toList();
        if (pipeline != null && !names.contains(pipeline)) {
            throw new IllegalArgumentException("--pipeline " + pipeline + " is not a configured pipeline; configured: " + String.join(", ", names));
        }
    }

    static void checkObjectType(@Nullable String objectType) {
        if (objectType != null && StripeCatalog.find(objectType).isEmpty()) {
            throw new IllegalArgumentException("--object-type " + objectType + " is not a Stripe object type Syncline can sync");
        }
    }
}
