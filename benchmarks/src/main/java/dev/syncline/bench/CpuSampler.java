package dev.syncline.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The CPU time a backfill costs each process on the machine: the simulator (this JVM), the Syncline
 * process and the embedded Postgres it started (the server listening on the given port, and its
 * backends), from the moment the simulator served its first request until the Syncline process
 * ends, so Syncline's start-up is left out.
 *
 * <p>On a machine whose cores all run the benchmark, their sum per object bounds the rate: two cores
 * cannot load more objects per second than two seconds of CPU divided by it.
 */
final class CpuSampler implements AutoCloseable {
    private static final Duration PERIOD = Duration.ofMillis(100);

    /** CPU seconds per process over the measured window. */
    record Split(double simulator, double syncline, double postgres) {
        double total() {
            return simulator + syncline + postgres;
        }
    }

    private final ProcessHandle syncline;
    private final int postgresPort;
    private final BooleanSupplier started;
    private @Nullable ProcessHandle postmaster;
    private final Thread thread;
    private final Map<Long, Long> baseline = new HashMap<>();
    private final Map<Long, Long> latest = new HashMap<>();
    private volatile boolean running = true;
    private boolean measuring;

    CpuSampler(ProcessHandle syncline, int postgresPort, BooleanSupplier started) {
        this.syncline = syncline;
        this.postgresPort = postgresPort;
        this.started = started;
        this.thread = new Thread(this::sample, "cpu-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (running) {
            synchronized (this) {
                if (!measuring && started.getAsBoolean()) {
                    measuring = true;
                    visit((pid, nanos) -> baseline.put(pid, nanos));
                }
                if (measuring) {
                    visit((pid, nanos) -> latest.put(pid, nanos));
                }
            }
            try {
                Thread.sleep(PERIOD.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void visit(java.util.function.BiConsumer<Long, Long> cpu) {
        ProcessHandle self = ProcessHandle.current();
        self.info().totalCpuDuration().ifPresent(d -> cpu.accept(self.pid(), d.toNanos()));
        syncline.info().totalCpuDuration().ifPresent(d -> cpu.accept(syncline.pid(), d.toNanos()));
        ProcessHandle server = postmaster();
        if (server != null) {
            server.info().totalCpuDuration().ifPresent(d -> cpu.accept(server.pid(), d.toNanos()));
            server.descendants().forEach(p -> p.info().totalCpuDuration().ifPresent(d -> cpu.accept(p.pid(), d.toNanos())));
        }
    }

    /** The embedded server runs detached from Syncline's process tree; its port tells it apart. */
    private @Nullable ProcessHandle postmaster() {
        if (postmaster == null) {
            String port = " -p " + postgresPort + " ";
            postmaster = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(c -> c.contains("postgres") && (c + " ").contains(port)).orElse(false))
                    .findFirst().orElse(null);
        }
        return postmaster;
    }

    /** The split so far; the last sample before the Syncline process ended counts for it. */
    synchronized Split split() {
        long self = ProcessHandle.current().pid();
        double simulator = seconds(self);
        double syncline = seconds(this.syncline.pid());
        double postgres = 0;
        for (long pid : latest.keySet()) {
            if (pid != self && pid != this.syncline.pid()) {
                postgres += seconds(pid);
            }
        }
        return new Split(simulator, syncline, postgres);
    }

    private double seconds(long pid) {
        return (latest.getOrDefault(pid, 0L) - baseline.getOrDefault(pid, 0L)) / 1e9;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
    }
}
