package dev.syncline.runner.backfill;

/**
 * How a pipeline backfills.
 *
 * @param parallelism segments read at once across the pipeline's object types
 * @param since the oldest {@code created} second to read (0 for everything)
 * @param again whether to backfill streams that already completed (a new run); unfinished ones always resume
 */
public record BackfillOptions(int parallelism, long since, boolean again) {
    public static final int DEFAULT_PARALLELISM = 48;

    public BackfillOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
    }
}
