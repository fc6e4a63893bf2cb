package dev.syncline.runner.backfill;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Advances each segment's acknowledged cursor over a contiguous prefix of its pages whose records
 * every destination has acknowledged, in the order the segment read them. A later page may be
 * fully acknowledged first; the cursor still waits for the pages before it.
 */
final class BackfillTracker {
    private final BackfillStreams streams;
    private final Map<Segment, Pages> bySegment = new HashMap<>();

    BackfillTracker(BackfillStreams streams) {
        this.streams = streams;
    }

    /** A page is about to go downstream; the pages of one segment arrive in sequence. */
    synchronized void register(FetchedPage page) {
        Pages pages = bySegment.computeIfAbsent(page.segment(), s -> new Pages());
        pages.pending.put(page.sequence(), new Pending(page));
        advance(page.segment(), pages);
    }

    /** One record of each of {@code pages} (a page once per record) was acknowledged. */
    synchronized void acknowledge(List<FetchedPage> pages) {
        pages.forEach(this::acknowledge);
    }

    /** One record of {@code page} was acknowledged by the destination. */
    synchronized void acknowledge(FetchedPage page) {
        Pages pages = bySegment.get(page.segment());
        Pending pending = pages == null ? null : pages.pending.get(page.sequence());
        if (pending == null || pending.remaining == 0) {
            throw new IllegalStateException("more acknowledgements than records for page " + page.sequence() + " of " + page.segment());
        }
        pending.remaining--;
        advance(page.segment(), pages);
    }

    private void advance(Segment segment, Pages pages) {
        boolean moved = false;
        for (Pending head = pages.pending.get(pages.next); head != null && head.remaining == 0; head = pages.pending.get(pages.next)) {
            pages.pending.remove(pages.next++);
            FetchedPage page = head.page;
            if (page.lastId() != null) {
                segment.acknowledge(page.lastId(), page.lastCreated(), page.last());
            } else if (page.last()) {
                segment.acknowledgeEmpty();
            }
            moved = true;
        }
        if (moved) {
            streams.markDirty(segment.stream());
        }
        if (segment.isDone()) {
            bySegment.remove(segment);
        }
    }

    private static final class Pages {
        private final Map<Long, Pending> pending = new HashMap<>();
        private long next;
    }

    private static final class Pending {
        private final FetchedPage page;
        private int remaining;

        Pending(FetchedPage page) {
            this.page = page;
            this.remaining = page.records().size();
        }
    }
}
