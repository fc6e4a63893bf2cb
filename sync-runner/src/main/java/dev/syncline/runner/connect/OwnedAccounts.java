package dev.syncline.runner.connect;

import dev.syncline.runner.ownership.FairShare;
import dev.syncline.runner.ownership.LeaseStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The connected accounts whose work runs on this replica, each under its lease
 * {@code account:<acct_id>} in the leases table, so that the replicas sharing one state database
 * spread the accounts and never run one twice.
 *
 * <p>Each replica takes accounts up to its fair share, the accounts wanted divided by the live
 * replicas, rounded up ({@link FairShare}), and leaves the rest: a replica that joins finds the
 * others giving back what is beyond their new share, and the accounts of a replica that died
 * (its leases and its heartbeat expire together) are taken by the others at their next
 * {@link #rebalance}, about one lease period after its last renewal.
 *
 * <p>Timing follows ADR 0008 for a lease period {@code P}: the held leases are renewed in one
 * statement every {@code P/3}; an account whose renewal finds its lease taken stops, and so does
 * every account when no renewal succeeded for {@code 2P/3}, at least {@code P/3} before another
 * replica may take them. An account given back is stopped first and released once what it read
 * is delivered and checkpointed (or after {@code P/3} at most), so the next owner resumes from its
 * checkpoints.
 */
final class OwnedAccounts {
    private static final Logger log = LoggerFactory.getLogger(OwnedAccounts.class);
    static final String PREFIX = "account:";

    private final AccountWork work;
    private final LeaseStore leases;
    private final String replicaId;
    private final Duration period;
    private final IntSupplier liveReplicas;
    /** The accounts running here, in the order they started (the latest are given back first); guarded by {@code this}. */
    private final LinkedHashMap<String, AccountWork.Running> running = new LinkedHashMap<>();
    /** Accounts given back whose work is still finishing: not taken again until released. */
    private final Set<String> leaving = ConcurrentHashMap.newKeySet();
    private volatile long renewedAt = System.nanoTime();

    /**
     * @param liveReplicas how many replicas share the accounts now, this one included
     */
    OwnedAccounts(AccountWork work, LeaseStore leases, String replicaId, Duration period, IntSupplier liveReplicas) {
        this.work = work;
        this.leases = leases;
        this.replicaId = replicaId;
        this.period = period;
        this.liveReplicas = liveReplicas;
    }

    static String lease(String account) {
        return PREFIX + account;
    }

    synchronized boolean isRunning(String account) {
        return running.containsKey(account);
    }

    synchronized Set<String> accounts() {
        return Set.copyOf(running.keySet());
    }

    /** The leases this replica holds on accounts. */
    synchronized Set<String> leases() {
        Set<String> names = new java.util.TreeSet<>();
        running.keySet().forEach(account -> names.add(lease(account)));
        return names;
    }

    /**
     * An account became wanted (authorized, listed): takes it at once if this replica is below its
     * share and no one else holds it, so a single replica starts every account without waiting for
     * a rebalance. An account authorized again is taken whatever the share: this replica alone
     * knows it must be read again in full (and may give it back later; its next owner resumes).
     *
     * @param wanted how many accounts are wanted in all
     */
    Mono<Void> offer(String account, boolean again, int wanted) {
        synchronized (this) {
            if (running.containsKey(account) || leaving.contains(account)
                    || (!again && running.size() >= FairShare.share(wanted, liveReplicas.getAsInt()))) {
                return Mono.empty();
            }
        }
        return leases.acquire(lease(account), replicaId, period)
                .onErrorResume(e -> {
                    log.warn("Connect: could not take the lease of {}; the next rebalance tries again: {}", account, e.getMessage());
                    return Mono.empty();
                })
                .doOnNext(attempt -> {
                    if (attempt.acquired()) {
                        start(account, again);
                    } else {
                        log.debug("Connect: account {} is synced by another replica", account);
                    }
                })
                .then();
    }

    /**
     * One round every third of the lease period: renews the leases held, stops the accounts whose
     * lease is gone, gives back what is beyond the share and takes free wanted accounts up to it.
     *
     * @param wanted every account to sync, in discovery order
     * @param balance whether to give back and take; a run that ends with its accounts found at start only renews
     */
    Mono<Void> rebalance(List<String> wanted, boolean balance) {
        long attempted = System.nanoTime();
        Set<String> held = accounts();
        return leases.renewAll(held.stream().map(OwnedAccounts::lease).toList(), replicaId, period)
                .doOnNext(renewed -> {
                    renewedAt = attempted;
                    held.stream().filter(account -> !renewed.contains(lease(account))).forEach(account -> {
                        log.warn("Connect: lost the lease of account {}; its work stopped on this replica ({})", account, replicaId);
                        stopRunning(account);
                    });
                })
                .then(Mono.defer(() -> balance ? balance(wanted) : Mono.<Void>empty()))
                .onErrorResume(e -> {
                    if (System.nanoTime() - renewedAt >= period.multipliedBy(2).dividedBy(3).toNanos()) {
                        log.warn("Connect: could not renew the account leases for two thirds of the lease period; stopping every account here: {}",
                                e.getMessage());
                        accounts().forEach(this::stopRunning);
                    } else {
                        log.warn("Connect: could not renew the account leases, retrying: {}", e.getMessage());
                    }
                    return Mono.empty();
                });
    }

    private Mono<Void> balance(List<String> wanted) {
        int share = FairShare.share(wanted.size(), liveReplicas.getAsInt());
        List<String> giveBack;
        List<String> candidates = new ArrayList<>();
        int take;
        synchronized (this) {
            List<String> held = new ArrayList<>(running.keySet());
            int excess = FairShare.toGiveBack(held.size(), share);
            giveBack = held.subList(held.size() - excess, held.size());
            take = FairShare.toTake(held.size(), share);
            for (String account : wanted) {
                if (!running.containsKey(account) && !leaving.contains(account)) {
                    candidates.add(account);
                }
            }
        }
        if (!giveBack.isEmpty()) {
            log.info("Connect: {} live replica(s) share {} account(s); giving back {} of this replica's {}",
                    liveReplicas.getAsInt(), wanted.size(), giveBack.size(), share + giveBack.size());
        }
        Mono<Void> handBack = Flux.fromIterable(List.copyOf(giveBack)).flatMap(this::handBack).then();
        Mono<Void> takeFree = take == 0 || candidates.isEmpty() ? Mono.empty()
                : leases.acquireFree(candidates.stream().map(OwnedAccounts::lease).toList(), replicaId, period, take)
                        .doOnNext(taken -> taken.forEach(name -> start(name.substring(PREFIX.length()), false)))
                        .then();
        // Given-back accounts finish in the background; this round goes on with taking.
        handBack.subscribe(null, e -> { });
        return takeFree;
    }

    /** Stops an account this replica gives back, and releases its lease once its work has finished. */
    private Mono<Void> handBack(String account) {
        AccountWork.Running run;
        synchronized (this) {
            run = running.remove(account);
            if (run == null) {
                return Mono.empty();
            }
            leaving.add(account);
        }
        run.stop();
        return run.done().timeout(period.dividedBy(3), Mono.empty()).onErrorResume(e -> Mono.empty())
                .then(leases.release(lease(account), replicaId, Duration.ZERO))
                .onErrorResume(e -> Mono.empty())
                .doFinally(signal -> leaving.remove(account));
    }

    /** The account is no longer wanted (deauthorized): stops it here and lets its lease go. */
    Mono<Void> withdraw(String account) {
        return handBack(account);
    }

    /** Reads every stream of an account running here again. */
    synchronized void rebackfill(String account) {
        AccountWork.Running previous = running.get(account);
        if (previous != null) {
            previous.stop();
            running.put(account, work.start(account, true));
        }
    }

    /**
     * Stops every account (a clean stop) and releases their leases after {@code settle}, so their
     * next owners start once this replica's work has finished closing.
     */
    void close(Duration settle, Duration timeout) {
        Collection<String> names;
        synchronized (this) {
            running.values().forEach(AccountWork.Running::stop);
            names = running.keySet().stream().map(OwnedAccounts::lease).toList();
            running.clear();
        }
        leases.releaseAll(names, replicaId, settle)
                .timeout(timeout, Mono.empty())
                .onErrorResume(e -> Mono.empty())
                .block();
    }

    private void start(String account, boolean again) {
        synchronized (this) {
            if (running.containsKey(account)) {
                return;
            }
            log.info(again ? "Connect: account {} authorized the platform again; reading it again" : "Connect: syncing account {} on {}",
                    account, replicaId);
            running.put(account, work.start(account, again));
        }
    }

    /** The lease is gone: stop without releasing (another replica may hold it now). */
    private void stopRunning(String account) {
        AccountWork.Running run;
        synchronized (this) {
            run = running.remove(account);
        }
        if (run != null) {
            run.stop();
        }
    }
}
