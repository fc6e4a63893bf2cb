package dev.syncline.runner.connect;

import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.inbox.InboxStore;
import dev.syncline.runner.ownership.LeaseStore;
import dev.syncline.runner.stripe.StripeApi;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Decides which connected accounts are synced and starts and stops their work.
 *
 * <ul>
 *   <li>{@code accounts: connected}: {@code GET /v1/accounts} is listed at start and every
 *       {@code stripe.connect.discovery-interval-seconds}; an account listed and not yet synced
 *       starts, and one synced but no longer listed was deauthorized and stops.</li>
 *   <li>A list of ids: those accounts start; nothing else is ever read.</li>
 *   <li>Either way, {@code account.application.authorized} and {@code .deauthorized} events in
 *       the inbox (from the Connect webhook endpoint or an account's Events API poll) start and
 *       stop an account within about a second, without waiting for the next listing. The listing
 *       is the safety net for an authorization event that never arrived.</li>
 * </ul>
 *
 * <p>Every start goes through {@link #startAccount}, and every account's state is recorded in
 * {@code syncline.accounts} ({@link AccountStore}). Every replica discovers every account; each
 * runs the work of its share of them, under per-account leases ({@link OwnedAccounts}, ADR 0010).
 */
public final class ConnectedAccounts {
    private static final Logger log = LoggerFactory.getLogger(ConnectedAccounts.class);
    private static final String AUTHORIZED = "account.application.authorized";
    private static final String DEAUTHORIZED = "account.application.deauthorized";
    private static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);

    private final StripeApi api;
    private final AccountStore store;
    private final InboxStore inbox;
    private final SynclineConfig.Accounts settings;
    private final OwnedAccounts owned;
    private final Duration rebalanceEvery;
    /** Every account to sync (authorized and selected), whichever replica runs it, in discovery order; guarded by itself. */
    private final Set<String> wanted = new LinkedHashSet<>();
    /** Accounts known to have deauthorized the platform: their live events are skipped. */
    private final Set<String> deauthorized = ConcurrentHashMap.newKeySet();
    private final AtomicLong watched = new AtomicLong(-1);

    /**
     * @param leases where the accounts' leases are kept, shared by every replica
     * @param replicaId this replica's name in the leases
     * @param period how long an account's lease holds without renewal
     * @param liveReplicas how many replicas share the accounts now, this one included
     */
    public ConnectedAccounts(StripeApi api, AccountStore store, InboxStore inbox, SynclineConfig.Accounts settings, AccountWork work,
                             LeaseStore leases, String replicaId, Duration period, IntSupplier liveReplicas) {
        this.api = api;
        this.store = store;
        this.inbox = inbox;
        this.settings = settings;
        this.owned = new OwnedAccounts(work, leases, replicaId, period, liveReplicas);
        this.rebalanceEvery = period.dividedBy(3);
    }

    /**
     * Whether live events of the account are applied, on whichever replica consumes the inbox:
     * yes unless the account is not selected or is known to have deauthorized the platform. Its
     * backfill may run on another replica; an event applied before its backfill reads the object
     * is harmless ("newer wins"), while one skipped after it could be lost, so the doubt goes to
     * applying.
     */
    public boolean isSynced(String account) {
        return selected(account) && !deauthorized.contains(account);
    }

    /** The accounts whose work runs on this replica now. */
    public Set<String> synced() {
        return owned.accounts();
    }

    /** The leases this replica holds on accounts ({@code account:<id>}). */
    public Set<String> leases() {
        return owned.leases();
    }

    /** Loads which accounts deauthorized the platform earlier, before any live event is applied. */
    public Mono<Void> loadKnown() {
        return store.all().filter(a -> !a.active()).doOnNext(a -> deauthorized.add(a.accountId())).then();
    }

    /**
     * Finds the accounts to sync and starts them; completes once every one found at start has
     * been started (their backfills are then under way), here or, for those beyond this
     * replica's share, on another replica.
     */
    public Mono<Void> start() {
        return inbox.lastSeq().doOnNext(watched::set)
                .then(settings.mode() == SynclineConfig.AccountMode.LISTED
                        ? Flux.fromIterable(settings.listed()).concatMap(this::startAccount).then()
                        : discover())
                .doOnSuccess(v -> {
                    int here = owned.accounts().size();
                    int all = wanted().size();
                    if (here < all) {
                        log.info("Connect: {} of {} account(s) run on this replica, the others on other replicas", here, all);
                    }
                });
    }

    /** Keeps discovery going: the inbox watch and, for {@code connected}, the periodic listing. Never ends. */
    public Flux<Void> run() {
        Flux<Void> watch = Flux.interval(WATCH_INTERVAL).onBackpressureDrop().concatMap(tick -> watchInbox()
                .onErrorResume(e -> {
                    log.warn("Connect: could not read authorization events from the inbox, retrying: {}", e.getMessage());
                    return Mono.empty();
                }), 1);
        if (settings.mode() != SynclineConfig.AccountMode.CONNECTED || settings.discoveryIntervalSeconds() == 0) {
            return watch;
        }
        Duration interval = Duration.ofSeconds(settings.discoveryIntervalSeconds());
        Flux<Void> listing = Flux.interval(interval, interval).onBackpressureDrop().concatMap(tick -> discover()
                .onErrorResume(e -> {
                    log.warn("Connect: listing the connected accounts failed, retrying in {} s: {}", interval.toSeconds(), e.getMessage());
                    return Mono.empty();
                }), 1);
        return Flux.merge(watch, listing);
    }

    /**
     * Keeps this replica's accounts: renews their leases every third of the lease period and,
     * with {@code balance}, gives back what is beyond its share and takes free accounts up to it
     * ({@link OwnedAccounts#rebalance}). Never ends.
     *
     * @param balance false for a run that ends once its accounts found at start are backfilled: it only keeps what it has
     */
    public Flux<Void> keepOwnership(boolean balance) {
        return Flux.interval(rebalanceEvery, rebalanceEvery).onBackpressureDrop()
                .concatMap(tick -> owned.rebalance(wanted(), balance), 1);
    }

    /**
     * Stops every account's work (the process stops) and lets their leases go after {@code settle},
     * so the next owners start once this replica's work has closed.
     */
    public void close(Duration settle) {
        owned.close(settle, Duration.ofSeconds(2));
    }

    /**
     * Syncs one account, unless it already is: records it as active and offers it to this
     * replica's ownership, which starts its work here if this replica is below its share and no
     * other holds it. The one way an account's work starts (ADR 0009, 0010).
     */
    public Mono<Void> startAccount(String account) {
        synchronized (wanted) {
            if (wanted.contains(account)) {
                return Mono.empty();
            }
        }
        return store.authorized(account).flatMap(again -> {
            int count;
            synchronized (wanted) {
                wanted.add(account);
                count = wanted.size();
            }
            deauthorized.remove(account);
            return owned.offer(account, again, count);
        });
    }

    /** Stops syncing an account that deauthorized the platform; its rows are kept, marked in {@code syncline.accounts}. */
    public Mono<Void> stopAccount(String account) {
        synchronized (wanted) {
            wanted.remove(account);
        }
        deauthorized.add(account);
        if (owned.isRunning(account)) {
            log.info("Connect: account {} deauthorized the platform; it is no longer read, its rows are kept", account);
        }
        return owned.withdraw(account).then(store.deauthorized(account));
    }

    /** Reads every stream of a synced account again (events may have been lost beyond the Events API's 30 days). */
    public void rebackfill(String account) {
        owned.rebackfill(account);
    }

    private List<String> wanted() {
        synchronized (wanted) {
            return List.copyOf(wanted);
        }
    }

    /**
     * Lists {@code GET /v1/accounts} and reconciles: listed ones start, synced ones no longer listed
     * stop. Each page's accounts start as soon as it is read, so with thousands of accounts the
     * first backfills do not wait for the whole listing (ten sequential requests per thousand);
     * what to stop is only known once the last page is in.
     */
    private Mono<Void> discover() {
        Set<String> listed = ConcurrentHashMap.newKeySet();
        return listPages().concatMap(page -> {
                    listed.addAll(page);
                    return Flux.fromIterable(page).concatMap(this::startAccount);
                })
                .then(Mono.defer(() -> {
                    log.info("Connect: {} connected account(s) listed", listed.size());
                    return store.all().filter(a -> a.active() && !listed.contains(a.accountId()))
                            .map(AccountStore.StoredAccount::accountId)
                            .concatWith(Flux.fromIterable(wanted()).filter(a -> !listed.contains(a)))
                            .distinct()
                            .concatMap(this::stopAccount)
                            .then();
                }));
    }

    /** The ids on each page of {@code GET /v1/accounts}, page after page; the next is requested while the previous is handled. */
    private Flux<List<String>> listPages() {
        return api.list("/v1/accounts", Map.of(), null, 100, null)
                .expand(page -> page.hasMore() && !page.data().isEmpty() ? api.list("/v1/accounts", Map.of(), page.lastId(), 100, null) : Mono.empty())
                .map(page -> page.data().stream().map(account -> String.valueOf(account.get("id"))).toList());
    }

    /** Applies the authorization events stored since the last look, in inbox order. */
    private Mono<Void> watchInbox() {
        long from = watched.get();
        if (from < 0) {
            return Mono.empty();
        }
        return inbox.lastSeq().flatMap(to -> to <= from ? Mono.<Void>empty() : inbox.headers(from, to, "account.application.")
                .concatMap(event -> {
                    if (!selected(event.accountId())) {
                        return Mono.<Void>empty();
                    }
                    return switch (event.eventType()) {
                        case AUTHORIZED -> startAccount(event.accountId());
                        case DEAUTHORIZED -> stopAccount(event.accountId());
                        default -> Mono.<Void>empty();
                    };
                })
                .then(Mono.fromRunnable(() -> watched.set(to))));
    }

    private boolean selected(String account) {
        return !account.isEmpty() && (settings.mode() == SynclineConfig.AccountMode.CONNECTED || settings.listed().contains(account));
    }
}
