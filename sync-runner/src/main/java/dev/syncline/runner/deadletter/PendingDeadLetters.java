package dev.syncline.runner.deadletter;

import java.time.Instant;

/**
 * A pipeline's pending dead letters, in figures.
 *
 * @param pipeline the pipeline
 * @param count how many are pending
 * @param oldestFirstFailure when the longest-waiting one was first refused
 */
public record PendingDeadLetters(String pipeline, long count, Instant oldestFirstFailure) {}
