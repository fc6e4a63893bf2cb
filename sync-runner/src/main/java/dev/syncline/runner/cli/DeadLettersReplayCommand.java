package dev.syncline.runner.cli;

import dev.syncline.connector.spi.Connectors;
import dev.syncline.runner.catalog.StripeSchemas;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.deadletter.DeadLetter;
import dev.syncline.runner.deadletter.DeadLetterQuery;
import dev.syncline.runner.deadletter.DeadLetterReplay;
import dev.syncline.runner.deadletter.DeadLetterStatus;
import dev.syncline.runner.deadletter.DeadLetterStore;
import dev.syncline.runner.deadletter.PendingDeadLetters;
import dev.syncline.runner.deadletter.ReplayReport;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code syncline dead-letters replay}: offers the selected pending dead letters to their
 * pipeline's destination again, once the cause of the refusal is fixed. Exits 0 when every one
 * was delivered, {@link SynclineCli#DEAD_LETTERS_REMAIN} when some are still pending, and
 * {@link SynclineCli#PIPELINE_FAILED} when a destination could not be written at all.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Deliver pending dead letters again through their pipeline's destination; delivered ones become 'replayed'.")
final class DeadLettersReplayCommand extends DeadLetterCommand {
    private static final Duration LOOKUP_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration REPLAY_TIMEOUT = Duration.ofHours(6);

    @Option(names = {"-p", "--pipeline"}, description = "Only this pipeline's.")
    @Nullable String pipeline;

    @Option(names = {"-t", "--object-type"}, description = "Only this object type's, e.g. customer.")
    @Nullable String objectType;

    @Option(names = "--id", split = ",", paramLabel = "ID", description = "Only these dead letters (repeat or separate with commas).")
    List<Long> ids = List.of();

    @Option(names = "--all", description = "Every pending dead letter of every pipeline.")
    boolean all;

    @Override
    void checkOptions(SynclineConfig valid) {
        boolean filtered = pipeline != null || objectType != null || !ids.isEmpty();
        if (!all && !filtered) {
            throw new IllegalArgumentException("say what to replay: --all, or any of --pipeline, --object-type, --id");
        }
        if (all && filtered) {
            throw new IllegalArgumentException("--all replays every pending dead letter; leave it out to replay only --pipeline, --object-type or --id");
        }
        checkPipeline(valid, pipeline);
        checkObjectType(objectType);
        for (long id : ids) {
            if (id < 1) {
                throw new IllegalArgumentException("--id " + id + " is not a dead letter's id (a positive number)");
            }
        }
    }

    @Override
    boolean writesDestinations() {
        return true;
    }

    @Override
    int run(SynclineConfig valid, StateDatabase state) {
        DeadLetterStore store = state.store().deadLetters();
        checkIds(store);
        DeadLetterQuery selection = DeadLetterQuery.all(1).ids(ids);
        selection = objectType == null ? selection : selection.objectType(objectType);
        DeadLetterReplay replay = new DeadLetterReplay(valid, Connectors.discover(), store, new StripeSchemas(), Clock.systemUTC());
        long replayed = 0;
        long remaining = unconfiguredPending(valid, store);
        boolean failed = false;
        for (SynclineConfig.Pipeline configured : valid.pipelines()) {
            if (pipeline != null && !pipeline.equals(configured.name())) {
                continue;
            }
            try {
                ReplayReport report = replay.replay(configured, selection).block(REPLAY_TIMEOUT);
                if (report == null || report.selected() == 0) {
                    continue;
                }
                System.out.println(report.summary());
                report.problems().forEach(problem -> System.out.println("  " + problem));
                replayed += report.replayed();
                remaining += report.remaining();
            } catch (RuntimeException e) {
                failed = true;
                System.err.println("Replay of pipeline " + configured.name() + " failed: " + e.getMessage());
            }
        }
        System.out.println("Replayed " + replayed + " dead letter(s); " + remaining + " still pending."
                + (remaining > 0 ? " See them with: syncline dead-letters list" : ""));
        if (failed) {
            return SynclineCli.PIPELINE_FAILED;
        }
        return remaining > 0 ? SynclineCli.DEAD_LETTERS_REMAIN : 0;
    }

    /** Every --id must name a dead letter of a configured pipeline; one already replayed is only mentioned. */
    private void checkIds(DeadLetterStore store) {
        if (ids.isEmpty()) {
            return;
        }
        List<DeadLetter> found = store.list(DeadLetterQuery.all(ids.size()).ids(ids)).collectList().blockOptional(LOOKUP_TIMEOUT).orElse(List.of());
        Set<Long> known = found.stream().map(DeadLetter::id).collect(Collectors.toSet());
        for (long id : ids) {
            if (!known.contains(id)) {
                throw new IllegalArgumentException("--id " + id + " is not a dead letter; see syncline dead-letters list --status all");
            }
        }
        found.stream().filter(l -> l.status() == DeadLetterStatus.REPLAYED)
                .forEach(l -> System.out.println("Dead letter " + l.id() + " was already replayed; skipped."));
    }

    /** Pending letters of pipelines no longer configured cannot be replayed: say so, and count them as remaining. */
    private long unconfiguredPending(SynclineConfig valid, DeadLetterStore store) {
        if (pipeline != null || objectType != null || !ids.isEmpty()) {
            return 0;
        }
        Set<String> configured = valid.pipelines().stream().map(SynclineConfig.Pipeline::name).collect(Collectors.toSet());
        List<PendingDeadLetters> pending = store.pending().collectList().block(LOOKUP_TIMEOUT);
        long count = 0;
        for (PendingDeadLetters figures : pending == null ? List.<PendingDeadLetters>of() : pending) {
            if (!configured.contains(figures.pipeline())) {
                System.out.println(figures.pipeline() + ": " + figures.count() + " pending, but the pipeline is no longer configured; not replayed");
                count += figures.count();
            }
        }
        return count;
    }
}
