package dev.syncline.runner.policy;

import org.jspecify.annotations.Nullable;

/**
 * What one pipeline of the YAML asks for, as the policy needs to judge it.
 *
 * @param path its YAML path, {@code pipelines[2]}
 * @param name its name
 * @param objects the raw {@code objects} list, judged entry by entry so problems keep their index
 * @param expand the raw {@code expand} block, or null
 * @param destinationUrl the destination's resolved {@code url}, or null if it has none
 * @param embedded whether the destination is the engine's own embedded Postgres (never egress)
 */
public record PipelineRequest(String path, String name, @Nullable Object objects, @Nullable Object expand,
                              @Nullable String destinationUrl, boolean embedded) {}
