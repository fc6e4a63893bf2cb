package dev.syncline.runner.ownership;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * This replica's share of the work. {@link #whileOwned} runs a piece of work only while this
 * replica holds its lease, so replicas sharing one state database never run the same work at once.
 *
 * <p>Timing, for a lease period {@code P}: the holder renews every {@code P/3}; when it has not
 * renewed for {@code 2P/3} (the database unreachable, say) or finds the lease taken, it stops the
 * work, at least {@code P/3} before another replica may take the lease. A replica waiting for a
 * lease tries again when the holder's lease would expire (at most every {@code P/3}), so the work of
 * a replica that died moves within about {@code P} of its last renewal.
 */
public final class Ownership {
    private static final Logger log = LoggerFactory.getLogger(Ownership.class);
    /** After a clean stop, how long the next owner waits for this replica's work to finish closing. */
    public static final Duration RELEASE_SETTLE = Duration.ofSeconds(2);
    private static final Duration RETRY_MARGIN = Duration.ofMillis(100);

    private final LeaseStore store;
    private final String replicaId;
    private final Duration period;
    private final Duration renewEvery;
    private final Duration holdWithoutRenewal;
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    /**
     * @param replicaId this replica's name in the leases; unique among the replicas
     * @param period how long a lease holds without renewal
     */
    public Ownership(LeaseStore store, String replicaId, Duration period) {
        this.store = store;
        this.replicaId = replicaId;
        this.period = period;
        this.renewEvery = period.dividedBy(3);
        this.holdWithoutRenewal = period.multipliedBy(2).dividedBy(3);
    }

    /** The host name (the pod's name on Kubernetes) and the process id: unique per running replica. */
    public static String defaultReplicaId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }

    public String replicaId() {
        return replicaId;
    }

    /** The leases this replica holds now. */
    public Set<String> held() {
        return Set.copyOf(held);
    }

    /**
     * Waits for the lease {@code lease}, then runs a fresh {@code work} for as long as the lease is
     * held. A lost lease cancels the work and waits for the lease again; work that completes (or
     * fails) lets the lease go, and so does this Mono.
     */
    public Mono<Void> whileOwned(String lease, Supplier<Mono<Void>> work) {
        return whileOwned(lease, work, () -> { });
    }

    /** As {@link #whileOwned(String, Supplier)}, calling {@code waiting} each time this replica starts waiting for the lease. */
    public Mono<Void> whileOwned(String lease, Supplier<Mono<Void>> work, Runnable waiting) {
        return Mono.defer(() -> {
                    waiting.run();
                    return acquire(lease).flatMap(since -> holding(lease, since, work.get()));
                })
                .repeat()
                .takeUntil(finished -> finished)
                .then();
    }

    /** Runs the work while renewing; true when the work ended, false when the lease was lost. */
    private Mono<Boolean> holding(String lease, long acquiredNanos, Mono<Void> work) {
        Mono<Boolean> finished = work.onErrorResume(e -> {
            log.error("Work under lease {} failed: {}", lease, e.getMessage());
            return Mono.empty();
        }).thenReturn(true);
        return Mono.firstWithSignal(finished, lost(lease, acquiredNanos).thenReturn(false))
                .flatMap(done -> {
                    held.remove(lease);
                    if (done) {
                        return release(lease).thenReturn(true);
                    }
                    log.warn("Lost the lease {}: stopped its work on this replica ({})", lease, replicaId);
                    return Mono.just(false);
                });
    }

    /**
     * Emits {@link System#nanoTime()} from before the attempt that got the lease (the lease runs at
     * least a period from then); tries again when the holder's lease would end.
     */
    private Mono<Long> acquire(String lease) {
        boolean[] logged = {false};
        return Mono.defer(() -> {
                    long started = System.nanoTime();
                    return store.acquire(lease, replicaId, period)
                            .onErrorResume(e -> {
                                log.warn("Could not reach the state database for the lease {}: {}", lease, e.getMessage());
                                return Mono.just(new LeaseStore.Attempt(false, renewEvery));
                            })
                            .map(attempt -> new Timed(attempt, started));
                })
                .flatMap(timed -> {
                    LeaseStore.Attempt attempt = timed.attempt();
                    if (attempt.acquired()) {
                        held.add(lease);
                        log.info("Acquired the lease {} as {}", lease, replicaId);
                        return Mono.just(timed.started());
                    }
                    if (!logged[0]) {
                        logged[0] = true;
                        log.info("The lease {} is held by another replica; {} waits for it", lease, replicaId);
                    }
                    Duration wait = attempt.remaining().plus(RETRY_MARGIN);
                    return Mono.delay(wait.compareTo(renewEvery) < 0 ? wait : renewEvery).then(Mono.<Long>empty());
                })
                .repeatWhenEmpty(repeats -> repeats);
    }

    private record Timed(LeaseStore.Attempt attempt, long started) {}

    /** Renews every third of the period; completes when the lease is lost. */
    private Mono<Void> lost(String lease, long acquiredNanos) {
        long[] renewedAt = {acquiredNanos};
        return Flux.interval(renewEvery, renewEvery)
                .onBackpressureDrop()
                .concatMap(tick -> {
                    long started = System.nanoTime();
                    return store.acquire(lease, replicaId, period).timeout(renewEvery)
                            .map(attempt -> {
                                if (attempt.acquired()) {
                                    renewedAt[0] = started;
                                }
                                return !attempt.acquired();
                            })
                            .onErrorResume(e -> {
                                boolean expired = System.nanoTime() - renewedAt[0] >= holdWithoutRenewal.toNanos();
                                log.warn("Could not renew the lease {}{}: {}", lease, expired ? ", giving it up" : "", e.getMessage());
                                return Mono.just(expired);
                            });
                }, 1)
                .filter(gone -> gone)
                .next()
                .then();
    }

    private Mono<Void> release(String lease) {
        return store.release(lease, replicaId, RELEASE_SETTLE)
                .doOnSuccess(v -> log.info("Released the lease {}", lease))
                .onErrorResume(e -> {
                    log.warn("Could not release the lease {}; it expires on its own: {}", lease, e.getMessage());
                    return Mono.empty();
                });
    }

    /** Lets every lease this replica holds go, for a clean stop; its work must have been cancelled. */
    public void releaseAll(Duration timeout) {
        Flux.fromIterable(held()).flatMap(this::release).then()
                .timeout(timeout, Mono.empty())
                .onErrorResume(e -> Mono.empty())
                .block();
        held.clear();
    }
}
