package dev.syncline.runner.backfill;

/**
 * Where a segment cuts the unread part of its range when a page says there is more. The aim is to
 * keep as many segments reading as there are reading slots, since the budget is only fully used
 * with about budget × latency requests in flight (100/s × 0.3 s = 30), and to keep their shares of
 * the remaining work even, so that they finish together instead of leaving a tail of a few
 * segments paging alone while the budget idles.
 *
 * <p>So a segment splits only when it holds more than its fair share of the expected remaining
 * pages (all of it, the first time), into about as many parts as it holds fair shares, but never
 * into more than the free slots allow. A segment that finishes frees a slot, and the next page of
 * a segment with more than its share takes it (work stealing); near the end every segment holds
 * about one share and none splits.
 *
 * <p>Splitting is not free: every segment ends with a partly filled page, and a part with nothing
 * in it still costs one empty page. So each part must be expected, at the density of the page that
 * splits, to fill at least {@link #MIN_PAGES_PER_PART} pages, and must span at least one second
 * (same-second objects are separated by the cursor, never by the range).
 *
 * @param boundaries the {@code created} seconds to cut at, newest first: the segment keeps
 *     {@code [boundaries[0], lt)} with its cursor, and each new segment owns the range from the next
 *     boundary (or {@code gte} for the last) up to its own; empty when the segment should not split
 * @param expectedPages the pages the segment's unread range is expected to fill, at the page's density
 */
record SplitPlan(long[] boundaries, double expectedPages) {
    /** Pages each part must be expected to fill: two, so a part's partly filled last page wastes at most about a quarter. */
    static final int MIN_PAGES_PER_PART = 2;

    /**
     * How busy the reader is when a page arrives.
     *
     * @param target segments to keep reading at once
     * @param live segments reading now, this one included
     * @param pagesElsewhere the pages the other live segments are expected to fill still
     */
    record Load(int target, int live, double pagesElsewhere) {
        int room() {
            return target - live;
        }
    }

    /**
     * @param gte the oldest second of the segment's range
     * @param firstCreated the {@code created} second of the page's first (newest) object
     * @param lastCreated the {@code created} second of its last (oldest) object, where the cursor is
     * @param objects the objects on the page
     * @param pageSize the most objects a page holds
     */
    static SplitPlan of(long gte, long firstCreated, long lastCreated, int objects, int pageSize, Load load) {
        long unreadSeconds = Math.max(0, lastCreated - gte);
        double perSecond = objects / (double) Math.max(1, firstCreated - lastCreated + 1);
        double expectedPages = perSecond * unreadSeconds / pageSize;
        if (load.room() <= 0 || unreadSeconds < 2) {
            return new SplitPlan(new long[0], expectedPages);
        }
        double fairShare = Math.max(MIN_PAGES_PER_PART, (expectedPages + load.pagesElsewhere()) / load.target());
        // The epsilon keeps a segment that holds all the work at exactly `target` shares despite rounding.
        long parts = Math.min(Math.min(load.room() + 1L, unreadSeconds), (long) (expectedPages / fairShare + 1e-9));
        if (parts < 2) {
            return new SplitPlan(new long[0], expectedPages);
        }
        long[] boundaries = new long[(int) parts - 1];
        for (int i = 0; i < boundaries.length; i++) {
            // Even widths from gte; the segment keeps the newest part, the one its cursor is in, and
            // the rounding remainder with it.
            boundaries[i] = gte + (parts - 1 - i) * unreadSeconds / parts;
        }
        return new SplitPlan(boundaries, expectedPages);
    }

    boolean splits() {
        return boundaries.length > 0;
    }

    /** The pages each part, the segment's own included, is expected to fill. */
    double pagesPerPart() {
        return expectedPages / (boundaries.length + 1);
    }
}
