package dev.syncline.runner.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** {@code syncline run} as its own JVM, the way it is deployed, with its output in a log file. */
final class RunnerJvm {
    private final Process process;
    private final Path log;

    private RunnerJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static RunnerJvm start(Path config, Path log) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-cp", System.getProperty("java.class.path"), "dev.syncline.runner.cli.SynclineCli", "run", "--config", config.toString());
        return new RunnerJvm(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start(), log);
    }

    Process process() {
        return process;
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Waits until the log contains {@code text}; fails with the log if the process ends first or the time is up. */
    void awaitLine(String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (output().contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the runner ended before logging '" + text + "':\n" + output());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the runner did not log '" + text + "' within " + timeout + ":\n" + output());
    }
}
