package dev.syncline.connector.httpsink;

import dev.syncline.connector.errors.PermanentConnectorException;
import dev.syncline.connector.http.GuardedHttpClient;
import dev.syncline.connector.http.HttpRequest;
import dev.syncline.connector.http.HttpResponse;
import dev.syncline.connector.policy.Decision;
import dev.syncline.connector.spi.BatchResult;
import dev.syncline.connector.spi.RecordBatch;
import dev.syncline.connector.spi.RecordOutcome;
import dev.syncline.connector.spi.SinkConnector;
import dev.syncline.connector.spi.SinkContext;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Posts each batch as one signed JSON request through the context's guarded client. Answers 408,
 * 409, 429 and 5xx are retried here, honouring {@code Retry-After}, before the batch fails back to
 * the runner; other 4xx dead-letter the batch's records.
 */
final class HttpSinkConnector implements SinkConnector {
    private final HttpSettings settings;
    private volatile SinkContext context;

    HttpSinkConnector(HttpSettings settings) {
        this.settings = settings;
    }

    @Override
    public Mono<Void> open(SinkContext sinkContext) {
        return Mono.fromRunnable(() -> {
            Decision decision = sinkContext.http().allowList().check(settings.url());
            if (decision.denied()) {
                throw new PermanentConnectorException(settings.path() + ".url: " + decision.reason());
            }
            this.context = sinkContext;
        });
    }

    @Override
    public Mono<BatchResult> write(RecordBatch batch) {
        if (batch.size() == 0) {
            return Mono.just(new BatchResult(List.of()));
        }
        SinkContext current = context;
        if (current == null) {
            return Mono.error(new IllegalStateException("write before open"));
        }
        return Mono.defer(() -> send(current, batch))
                .retryWhen(Retries.of(settings.maxRetries()))
                .onErrorMap(e -> HttpErrorClassifier.classify(e, settings.url()));
    }

    private Mono<BatchResult> send(SinkContext current, RecordBatch batch) {
        long now = current.clock().instant().getEpochSecond();
        byte[] body = BatchPayload.encode(current.pipeline(), now, batch);
        Map<String, String> headers = Map.of(
                "Content-Type", "application/json",
                "User-Agent", "Syncline/0.1",
                Signature.HEADER, Signature.header(settings.signingSecret(), now, body));
        GuardedHttpClient http = current.http();
        return http.exchange(HttpRequest.post(settings.url(), headers, body))
                .timeout(settings.timeout())
                .onErrorMap(e -> HttpErrorClassifier.classify(e, settings.url()))
                .map(response -> result(response, batch, current));
    }

    private BatchResult result(HttpResponse response, RecordBatch batch, SinkContext current) {
        return switch (HttpErrorClassifier.kind(response.status())) {
            case WRITTEN -> Outcomes.read(response.body(), batch.size(), settings.url());
            case REJECTED -> BatchResult.all(batch.size(), RecordOutcome.rejected(HttpErrorClassifier.rejection(response)));
            case RETRIABLE, PERMANENT -> throw HttpErrorClassifier.failure(response, settings.url(), current.clock().instant());
        };
    }

    @Override
    public Mono<Void> close() {
        // The guarded client belongs to the runner's context; nothing of ours to release.
        return Mono.empty();
    }
}
