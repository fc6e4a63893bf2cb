package dev.syncline.runner.ownership;

import java.time.Duration;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tells the replicas how many of them are alive, from the leases table alone: each holds a lease
 * {@code replica:<id>} renewed every second (at least every third of the lease period), and the live replicas are the
 * unexpired {@code replica:} leases. Every time is the database's {@code now()}, as for every
 * other lease (ADR 0008); a replica that died drops out of the count one lease period after its
 * last renewal, and one that stops cleanly at once.
 *
 * <p>The live replicas share the connected accounts. The Stripe budget is shared by the replicas
 * that read Stripe. With connected accounts that is every live one, as each takes its share of
 * the accounts (counted by heartbeat, a joining replica is in the count before it takes any).
 * Otherwise it is those holding a lease on work (a pipeline, the Events API poll), counting this
 * one whether or not it holds one yet, so that a standby replica of a pipeline costs the one
 * running it nothing. Until the first count (or while the database cannot be
 * reached) the last known counts hold; they start at 1, a replica alone.
 */
public final class ReplicaHeartbeat {
    private static final Logger log = LoggerFactory.getLogger(ReplicaHeartbeat.class);
    static final String PREFIX = "replica:";
    private static final Duration MAX_BEAT = Duration.ofSeconds(1);

    private final LeaseStore store;
    private final String replicaId;
    private final Duration period;
    private final IntConsumer onChange;
    private final boolean everyReplicaReads;
    private volatile int live = 1;
    private volatile int readers = 1;

    /**
     * @param onChange called with the replicas sharing the Stripe budget whenever their number
     *                 changes (and once with the first count)
     * @param everyReplicaReads whether every live replica reads Stripe (connected accounts), or
     *                          only those holding work
     */
    public ReplicaHeartbeat(LeaseStore store, String replicaId, Duration period, IntConsumer onChange, boolean everyReplicaReads) {
        this.store = store;
        this.replicaId = replicaId;
        this.period = period;
        this.onChange = onChange;
        this.everyReplicaReads = everyReplicaReads;
    }

    /** The live replicas, this one included, as last counted. */
    public int liveReplicas() {
        return live;
    }

    /** The replicas sharing the Stripe budget, this one included, as last counted. */
    public int readingReplicas() {
        return readers;
    }

    /**
     * Renews this replica's lease and counts the live ones and those reading Stripe; completes
     * with the latter once counted.
     */
    public Mono<Integer> beat() {
        return store.acquire(PREFIX + replicaId, replicaId, period)
                .then(store.countLive(PREFIX))
                .zipWith(everyReplicaReads ? Mono.just(0) : Mono.defer(() -> store.countOtherWorkers(PREFIX, replicaId)))
                .map(counts -> {
                    int counted = Math.max(1, counts.getT1());
                    int previous = live;
                    live = counted;
                    readers = everyReplicaReads ? counted : counts.getT2() + 1;
                    if (counted != previous) {
                        log.info("{} live replica(s) share the work", counted);
                    }
                    return readers;
                });
    }

    /** The first beat: counted before any work starts, so a replica joining never starts at the whole budget. */
    public Mono<Void> first() {
        return beat().doOnNext(onChange::accept)
                .onErrorResume(e -> {
                    log.warn("Could not count the live replicas; assuming {} reading Stripe: {}", readers, e.getMessage());
                    onChange.accept(readers);
                    return Mono.empty();
                })
                .then();
    }

    /**
     * Beats every third of the lease period, or every second when that is sooner, for as long as
     * subscribed: a replica that joins is counted by the others within a second, so for that
     * second at most do they draw more than their new part of the budget.
     */
    public Flux<Void> run() {
        Duration third = period.dividedBy(3);
        Duration every = third.compareTo(MAX_BEAT) < 0 ? third : MAX_BEAT;
        return Flux.interval(every, every).onBackpressureDrop()
                .concatMap(tick -> {
                    int before = readers;
                    return beat().timeout(every)
                            .doOnNext(count -> {
                                if (count != before) {
                                    onChange.accept(count);
                                }
                            })
                            .onErrorResume(e -> {
                                log.warn("Could not renew this replica's heartbeat: {}", e.getMessage());
                                return Mono.empty();
                            });
                }, 1)
                .thenMany(Flux.empty());
    }

    /** Leaves the count at once, for a clean stop: the others take their larger share at their next beat. */
    public Mono<Void> release() {
        return store.release(PREFIX + replicaId, replicaId, Duration.ZERO)
                .onErrorResume(e -> Mono.empty());
    }
}
