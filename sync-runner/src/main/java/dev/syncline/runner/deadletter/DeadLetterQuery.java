package dev.syncline.runner.deadletter;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which dead letters to read: every filter is optional and they combine with "and". Rows come in
 * id order, after {@link #afterId} and at most {@link #limit}, so callers page through any number
 * of them with bounded memory.
 *
 * @param pipeline only this pipeline's
 * @param objectType only this object type's
 * @param status only these; empty for every status
 * @param since only those last refused at or after this instant
 * @param ids only these ids; empty for any
 * @param afterId only ids greater than this (0 for the first page)
 * @param limit at most this many
 */
public record DeadLetterQuery(Optional<String> pipeline, Optional<String> objectType, Optional<DeadLetterStatus> status,
                              Optional<Instant> since, List<Long> ids, long afterId, int limit) {
    public DeadLetterQuery {
        ids = List.copyOf(ids);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
    }

    /** Every dead letter, the first {@code limit} of them. */
    public static DeadLetterQuery all(int limit) {
        return new DeadLetterQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(), 0, limit);
    }

    public DeadLetterQuery pipeline(String value) {
        return new DeadLetterQuery(Optional.of(value), objectType, status, since, ids, afterId, limit);
    }

    public DeadLetterQuery objectType(String value) {
        return new DeadLetterQuery(pipeline, Optional.of(value), status, since, ids, afterId, limit);
    }

    public DeadLetterQuery status(DeadLetterStatus value) {
        return new DeadLetterQuery(pipeline, objectType, Optional.of(value), since, ids, afterId, limit);
    }

    public DeadLetterQuery since(Instant value) {
        return new DeadLetterQuery(pipeline, objectType, status, Optional.of(value), ids, afterId, limit);
    }

    public DeadLetterQuery ids(List<Long> value) {
        return new DeadLetterQuery(pipeline, objectType, status, since, value, afterId, limit);
    }

    public DeadLetterQuery withLimit(int value) {
        return new DeadLetterQuery(pipeline, objectType, status, since, ids, afterId, value);
    }

    /** The next page: the same filters, after {@code id}. */
    public DeadLetterQuery after(long id) {
        return new DeadLetterQuery(pipeline, objectType, status, since, ids, id, limit);
    }
}
