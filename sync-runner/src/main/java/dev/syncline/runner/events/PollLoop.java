package dev.syncline.runner.events;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Polls at start and then at a fixed interval, one poll at a time: a tick that comes while a poll
 * is still running is skipped, and a poll that fails is reported and left to the next tick, so
 * neither a slow nor a failing Stripe ends the loop.
 */
final class PollLoop {
    private PollLoop() {}

    /**
     * @param interval the time between ticks; zero polls only once, at start
     * @param poll one poll, subscribed anew at each tick
     * @param onFailure told about each failed poll
     * @return each successful poll's result; completes only when the interval is zero
     */
    static Flux<Long> every(Duration interval, Supplier<Mono<Long>> poll, Consumer<Throwable> onFailure) {
        Flux<Long> ticks = interval.isZero() ? Flux.just(0L) : Flux.interval(Duration.ZERO, interval).onBackpressureDrop();
        // Prefetch 0: no tick waits behind a running poll, it is dropped instead.
        return ticks.concatMap(tick -> Mono.defer(poll).onErrorResume(e -> {
            onFailure.accept(e);
            return Mono.empty();
        }), 0);
    }
}
