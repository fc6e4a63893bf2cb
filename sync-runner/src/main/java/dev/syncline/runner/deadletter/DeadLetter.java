package dev.syncline.runner.deadletter;

import dev.syncline.connector.record.SyncRecord;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code syncline.dead_letters}: the newest refused state of one object for one
 * pipeline, with the reason of its last refusal.
 *
 * @param id the row's id, as the CLI shows it
 * @param pipeline the pipeline whose destination refused it
 * @param destinationType the destination's connector type when it was refused
 * @param record the refused record, with its payload, ready to be offered again
 * @param reason why the destination refused it the last time
 * @param attempts how many times it was refused (by the pipeline and by replays)
 * @param firstFailedAt when it was first refused
 * @param lastFailedAt when it was last refused
 * @param status pending or replayed
 * @param replayedAt when a replay delivered it; null while pending
 */
public record DeadLetter(long id, String pipeline, String destinationType, SyncRecord record, String reason, int attempts,
                         Instant firstFailedAt, Instant lastFailedAt, DeadLetterStatus status, @Nullable Instant replayedAt) {}
