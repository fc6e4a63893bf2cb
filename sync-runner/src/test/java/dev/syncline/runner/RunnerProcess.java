package dev.syncline.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code syncline} command run as its own JVM on the test's classpath, with its output in a file:
 * for tests that kill the runner ({@code kill -9}) or stop it with SIGTERM, which cannot happen to
 * a runtime inside the test's own JVM.
 */
public final class RunnerProcess {
    private RunnerProcess() {}

    /** Starts {@code syncline ARGS…} with a 512 MiB heap, its output going to {@code log}. */
    public static Process start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "dev.syncline.runner.cli.SynclineCli"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits until the process has logged {@code text}; fails if it ends or the time runs out first. */
    public static void awaitLine(Process process, Path log, String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError(log.getFileName() + " ended early:\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new AssertionError(log.getFileName() + " did not log '" + text + "' in " + timeout + ":\n" + Files.readString(log));
    }
}
