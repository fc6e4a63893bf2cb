package dev.syncline.runner.cli;

import dev.syncline.connector.config.InvalidConfigurationException;
import dev.syncline.connector.spi.Connectors;
import dev.syncline.runner.config.ConfigReader;
import dev.syncline.runner.config.SynclineConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Checks a configuration file and reports every problem, without syncing anything. */
@Command(name = "validate", mixinStandardHelpOptions = true, description = "Check a configuration file and list every problem.")
final class ValidateCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, description = "The YAML configuration file.")
    Path config;

    @Override
    public Integer call() {
        try {
            SynclineConfig valid = ConfigReader.read(config, Connectors.discover());
            System.out.println(config + " is valid: " + valid.pipelines().size() + " pipeline(s).");
            return 0;
        } catch (InvalidConfigurationException e) {
            System.err.println(e.getMessage());
            return SynclineCli.INVALID_CONFIGURATION;
        }
    }
}
