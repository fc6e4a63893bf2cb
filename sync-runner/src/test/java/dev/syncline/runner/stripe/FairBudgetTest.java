package dev.syncline.runner.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.scheduler.VirtualTimeScheduler;

class FairBudgetTest {
    @Test
    void anAccountWithOneRequestWaiting_isServedBeforeALargeAccountsBacklog() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        FairBudget budget = new FairBudget(new RequestBudget(10, 1, time));
        List<String> granted = new CopyOnWriteArrayList<>();
        // The large account has 40 requests waiting at once (40 segments), the small one asks one at a time.
        Flux.range(0, 40).flatMap(i -> budget.acquire("acct_large").doOnSuccess(v -> granted.add("large")), 40).subscribe();
        Flux.range(0, 5).concatMap(i -> budget.acquire("acct_small").doOnSuccess(v -> granted.add("small"))).subscribe();

        time.advanceTimeBy(Duration.ofMillis(1050));

        // 11 slots by 1 s: the first went to the large account alone, then turns alternate, so the small account's 5 all went.
        assertThat(granted).hasSize(11);
        assertThat(granted.stream().filter("small"::equals).count()).isEqualTo(5);
        time.advanceTimeBy(Duration.ofSeconds(4));
        assertThat(granted).hasSize(45);
        assertThat(granted.subList(0, 11)).containsExactly("large", "large", "small", "large", "small", "large", "small", "large", "small", "large", "small");
    }

    @Test
    void theSharedRateIsNeverExceeded_andCancelledWaitersAreSkipped() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        FairBudget budget = new FairBudget(new RequestBudget(100, 1, time));
        List<String> granted = new CopyOnWriteArrayList<>();
        for (int account = 0; account < 20; account++) {
            String id = "acct_" + account;
            Flux.range(0, 10).concatMap(i -> budget.acquire(id).doOnSuccess(v -> granted.add(id))).subscribe();
        }
        Disposable gone = budget.acquire("acct_gone").doOnSuccess(v -> granted.add("acct_gone")).delaySubscription(Duration.ofMillis(1), time)
                .subscribe();
        time.advanceTimeBy(Duration.ofMillis(1));
        gone.dispose();

        time.advanceTimeBy(Duration.ofMillis(995));
        assertThat(granted).hasSizeLessThanOrEqualTo(100);
        time.advanceTimeBy(Duration.ofSeconds(2));
        assertThat(granted).hasSize(200).doesNotContain("acct_gone");
        assertThat(budget.waitingAccounts()).isZero();
    }
}
