package dev.syncline.runner.ownership;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code syncline run} replica in its own process, on this test's class path: what a pod is to
 * a deployment, for tests of several replicas sharing one state database.
 */
public final class RunnerReplica {
    private final String id;
    private final int httpPort;
    private final Path log;
    private Process process;

    public RunnerReplica(String id, int httpPort, Path log) {
        this.id = id;
        this.httpPort = httpPort;
        this.log = log;
    }

    public String id() {
        return id;
    }

    public int httpPort() {
        return httpPort;
    }

    public Path log() {
        return log;
    }

    public Process process() {
        return process;
    }

    public void start(Path config) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.syncline.runner.cli.SynclineCli",
                "run", "--config", config.toString());
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** A clean stop, as Kubernetes asks for one; forced after a minute. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
