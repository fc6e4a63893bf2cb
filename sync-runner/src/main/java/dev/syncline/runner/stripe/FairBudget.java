package dev.syncline.runner.stripe;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Shares one {@link RequestBudget} between accounts by round robin: each slot of the budget goes
 * to the next account that has a request waiting, whatever the number of requests each has
 * waiting. A platform's budget covers every connected account it reads, and a large account
 * backfilling with many segments at once would otherwise take nearly every slot from a small
 * account that has one request waiting; with this, each of {@code n} busy accounts gets
 * {@code 1/n} of the budget, and an account with nothing waiting costs nothing.
 *
 * <p>Only one slot is reserved at a time, and who gets it is decided when it comes due, so an
 * account that starts waiting during a wait is served in its turn. Within an account requests
 * go first come, first served. Waiting is a timer, never a blocked thread.
 */
public final class FairBudget {
    private final RequestBudget budget;
    /** Waiting requests per account; an account is here exactly while it is in {@link #turns}. */
    private final Map<String, ArrayDeque<Waiter>> waiting = new HashMap<>();
    /** Accounts with a request waiting, in the order they are served. */
    private final ArrayDeque<String> turns = new ArrayDeque<>();
    /** Whether a slot is reserved and not yet handed out; guarded by {@code this}. */
    private boolean reserved;

    public FairBudget(RequestBudget budget) {
        this.budget = budget;
    }

    /** The shared budget's sustained rate, per second. */
    public double rate() {
        return budget.rate();
    }

    /**
     * Completes when one request for {@code account} may be sent.
     *
     * @param account the account the request is for; every account's requests share the one budget
     */
    public Mono<Void> acquire(String account) {
        return Mono.create(sink -> {
            Waiter waiter = new Waiter(sink);
            sink.onCancel(() -> waiter.cancelled.set(true));
            synchronized (this) {
                waiting.computeIfAbsent(account, a -> {
                    turns.addLast(a);
                    return new ArrayDeque<>();
                }).addLast(waiter);
            }
            drain();
        });
    }

    /** Accounts that have a request waiting now. */
    public synchronized int waitingAccounts() {
        return turns.size();
    }

    /** Reserves slots and hands them out until no one waits or the next slot lies ahead (then a timer goes on). */
    private void drain() {
        while (true) {
            synchronized (this) {
                if (reserved || turns.isEmpty()) {
                    return;
                }
                reserved = true;
            }
            long wait = budget.reserve();
            if (wait > 0) {
                budget.scheduler().schedule(() -> {
                    grant();
                    drain();
                }, wait, TimeUnit.NANOSECONDS);
                return;
            }
            grant();
        }
    }

    /** Gives the reserved slot to the head of the next account's queue. */
    private void grant() {
        Waiter next = null;
        synchronized (this) {
            reserved = false;
            while (next == null && !turns.isEmpty()) {
                String account = turns.pollFirst();
                ArrayDeque<Waiter> queue = waiting.get(account);
                Waiter head = queue == null ? null : queue.pollFirst();
                while (head != null && head.cancelled.get()) {
                    head = queue.pollFirst();
                }
                if (queue == null || queue.isEmpty()) {
                    waiting.remove(account);
                } else {
                    turns.addLast(account);
                }
                next = head;
            }
        }
        // Outside the lock: the request it releases may ask for its next slot on this thread.
        if (next != null) {
            next.sink.success();
        }
    }

    private static final class Waiter {
        private final MonoSink<Void> sink;
        private final AtomicBoolean cancelled = new AtomicBoolean();

        Waiter(MonoSink<Void> sink) {
            this.sink = sink;
        }
    }

    /** The budget key of a request: the connected account, or the platform for none. */
    static String key(@Nullable String account) {
        return account == null ? "" : account;
    }
}
