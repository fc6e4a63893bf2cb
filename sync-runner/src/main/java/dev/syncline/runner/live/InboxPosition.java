package dev.syncline.runner.live;

import dev.syncline.runner.pipeline.Position;

/** A record read from the inbox row {@code seq}. */
public record InboxPosition(long seq) implements Position {}
