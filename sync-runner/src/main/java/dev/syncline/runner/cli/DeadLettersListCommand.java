package dev.syncline.runner.cli;

import dev.syncline.runner.config.Since;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.deadletter.DeadLetter;
import dev.syncline.runner.deadletter.DeadLetterQuery;
import dev.syncline.runner.deadletter.DeadLetterStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code syncline dead-letters list}: the dead letters as a table, filtered. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List dead letters: id, pipeline, type, object id, version, attempts, last failure, reason.")
final class DeadLettersListCommand extends DeadLetterCommand {
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    @Option(names = {"-p", "--pipeline"}, description = "Only this pipeline's.")
    @Nullable String pipeline;

    @Option(names = {"-t", "--object-type"}, description = "Only this object type's, e.g. customer.")
    @Nullable String objectType;

    @Option(names = "--status", defaultValue = "pending", description = "pending, replayed or all (default: ${DEFAULT-VALUE}).")
    String status = "pending";

    @Option(names = "--since", description = "Only those last refused on or after this date (2024-01-01), instant or Unix second.")
    @Nullable String since;

    @Option(names = {"-n", "--limit"}, defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
    int limit = 100;

    @Override
    void checkOptions(SynclineConfig valid) {
        checkPipeline(valid, pipeline);
        checkObjectType(objectType);
        statusFilter(status);
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1, not " + limit);
        }
        if (since != null) {
            Since.parse(since);
        }
    }

    @Override
    int run(SynclineConfig valid, StateDatabase state) {
        DeadLetterQuery query = DeadLetterQuery.all(limit);
        query = pipeline == null ? query : query.pipeline(pipeline);
        query = objectType == null ? query : query.objectType(objectType);
        query = since == null ? query : query.since(Instant.ofEpochSecond(Since.parse(since)));
        DeadLetterStatus only = statusFilter(status);
        query = only == null ? query : query.status(only);
        List<DeadLetter> letters = state.store().deadLetters().list(query).collectList().block(TIMEOUT);
        if (letters == null || letters.isEmpty()) {
            System.out.println("No " + (only == null ? "" : only.column() + " ") + "dead letters.");
            return 0;
        }
        System.out.print(DeadLetterTable.render(letters));
        System.out.println(letters.size() + " dead letter(s)" + (letters.size() == limit ? "; there may be more: raise --limit" : "")
                + ". Show one with: syncline dead-letters show ID");
        return 0;
    }

    /** The status to filter on; null for all. */
    static @Nullable DeadLetterStatus statusFilter(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "pending" -> DeadLetterStatus.PENDING;
            case "replayed" -> DeadLetterStatus.REPLAYED;
            case "all" -> null;
            default -> throw new IllegalArgumentException("--status must be pending, replayed or all, not " + value);
        };
    }
}
