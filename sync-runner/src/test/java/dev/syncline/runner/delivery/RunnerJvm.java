package dev.syncline.runner.delivery;

import dev.syncline.runner.RunnerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** {@code syncline run} as its own JVM, the way it is deployed, with its output in a log file. */
final class RunnerJvm {
    private final Process process;
    private final Path log;

    private RunnerJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static RunnerJvm start(Path config, Path log) throws IOException {
        return new RunnerJvm(RunnerProcess.start(log, "run", "--config", config.toString()), log);
    }

    Process process() {
        return process;
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Waits until the log contains {@code text}; fails with the log if the process ends first or the time is up. */
    void awaitLine(String text, Duration timeout) throws IOException, InterruptedException {
        RunnerProcess.awaitLine(process, log, text, timeout);
    }
}
