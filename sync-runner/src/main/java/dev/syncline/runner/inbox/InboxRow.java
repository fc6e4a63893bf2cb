package dev.syncline.runner.inbox;

/**
 * An event as stored in the inbox.
 *
 * @param seq its position: inbox rows are committed in {@code seq} order, so a reader that has
 *     seen {@code seq} has seen every row before it
 * @param event the event
 */
public record InboxRow(long seq, InboxEvent event) {}
