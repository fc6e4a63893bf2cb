package dev.syncline.runner.app;

import java.util.List;
import java.util.OptionalLong;

/**
 * What one process run syncs: a subset of the configured pipelines and object types, from when,
 * and whether completed backfills run again. {@link #all()} is what {@code syncline run} does.
 *
 * @param pipelines pipeline names; empty for all
 * @param objects object types; empty for each pipeline's own
 * @param since a lower {@code created} bound overriding the pipelines' own
 * @param again backfill streams that already completed
 * @param live whether pipelines also consume live events (a one-off backfill of some types must not
 *     move a pipeline's inbox position past events of the others)
 */
public record RunOptions(List<String> pipelines, List<String> objects, OptionalLong since, boolean again, boolean live) {
    public RunOptions {
        pipelines = List.copyOf(pipelines);
        objects = List.copyOf(objects);
    }

    public static RunOptions all() {
        return new RunOptions(List.of(), List.of(), OptionalLong.empty(), false, true);
    }
}
