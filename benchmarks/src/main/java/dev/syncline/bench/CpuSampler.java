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
 *
 * <p>On Linux, Syncline's share is also read thread by thread, so the part its JIT compilers and its
 * garbage collector take can be told from the work itself: a fresh JVM is still compiling through most
 * of a run.
 */
final class CpuSampler implements AutoCloseable {
    private static final Duration PERIOD = Duration.ofMillis(100);

    /**
     * CPU seconds per process over the measured window.
     *
     * @param simulator this JVM
     * @param syncline the Syncline process, all its threads
     * @param postgres the embedded server and its backends
     * @param synclineJit the part of {@code syncline} its JIT compiler threads took; 0 without a thread split
     * @param synclineGc the part of {@code syncline} its garbage collector threads took; 0 without a thread split
     * @param threadSplit whether Syncline's threads could be read ({@code /proc}, so Linux only)
     */
    record Split(double simulator, double syncline, double postgres, double synclineJit, double synclineGc, boolean threadSplit) {
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
    private final Map<Long, Long> threadBaseline = new HashMap<>();
    private final Map<Long, ThreadCpu> threadLatest = new HashMap<>();
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
                    ThreadCpu.read(syncline.pid()).forEach((tid, cpu) -> threadBaseline.put(tid, cpu.ticks()));
                }
                if (measuring) {
                    visit((pid, nanos) -> latest.put(pid, nanos));
                    sampleThreads();
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

    /**
     * Merged rather than replaced: a thread that has ended, or all of them once the process has, keeps
     * its last sample. Without a baseline every thread would count from its start, start-up included, so
     * none is kept.
     */
    private void sampleThreads() {
        if (!threadBaseline.isEmpty()) {
            threadLatest.putAll(ThreadCpu.read(syncline.pid()));
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
        double jit = 0;
        double gc = 0;
        for (Map.Entry<Long, ThreadCpu> thread : threadLatest.entrySet()) {
            // A thread missing from the baseline started after it, from zero.
            double seconds = (thread.getValue().ticks() - threadBaseline.getOrDefault(thread.getKey(), 0L)) / ThreadCpu.TICKS_PER_SECOND;
            switch (thread.getValue().kind()) {
                case JIT -> jit += seconds;
                case GC -> gc += seconds;
                case APP -> { }
            }
        }
        return new Split(simulator, syncline, postgres, jit, gc, !threadLatest.isEmpty());
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
