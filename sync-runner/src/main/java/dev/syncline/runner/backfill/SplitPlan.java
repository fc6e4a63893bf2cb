package dev.syncline.runner.backfill;

import java.util.Arrays;

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
 * splits, to fill at least {@link #MIN_PAGES_PER_PART} pages ({@link #TAIL_PAGES_PER_PART} at the
 * very end, when the budget has room to spare), and must span at least one second (same-second
 * objects are separated by the cursor, never by the range).
 *
 * <p>Where the cut falls depends on what bounds the unread range. A range with a known start (a
 * {@code --since}, or a neighbouring segment's) is cut into even widths: the page's density is a
 * fair guess for all of it. A range that reaches back to the start of Stripe ({@code openEnded}),
 * as a fresh stream's does, and {@link #LOG_SPREAD} times further back than its page (it starts
 * at 2010 and the newest hundred objects span hours) is cut evenly in the logarithm of the age
 * instead: narrow parts next to the page (two pages' worth), ever wider ones into the past.
 * Accounts grow, so their objects crowd towards now, and an account's history usually starts long
 * after 2010; even widths would send most parts into years with nothing in them, each costing an
 * empty page, and leave the few with data to split again a round trip later while the budget idles.
 *
 * @param boundaries the {@code created} seconds to cut at, newest first: the segment keeps
 *     {@code [boundaries[0], lt)} with its cursor, and each new segment owns the range from the next
 *     boundary (or {@code gte} for the last) up to its own; empty when the segment should not split
 * @param expectedPages the pages the segment's unread range is expected to fill, at the page's density
 * @param partPages the pages each part is expected to fill at that density, the segment's own first,
 *     then one per boundary
 */
record SplitPlan(long[] boundaries, double expectedPages, double[] partPages) {
    /** Pages each part must be expected to fill: two, so a part's partly filled last page wastes at most about a quarter. */
    static final int MIN_PAGES_PER_PART = 2;
    /**
     * Pages each part must be expected to fill once less than a page per reading slot is left: the
     * budget idles then whatever is split, so a partly filled page costs nothing, and a segment with
     * two or three pages left would otherwise page through them alone, a round trip each, at the end.
     */
    static final double TAIL_PAGES_PER_PART = 0.6;
    /** How many times older than its page an unread range must reach to be cut in the logarithm of the age. */
    static final double LOG_SPREAD = 4;

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
     * @param now the newest second of the stream's range, from which ages are measured
     * @param openEnded whether gte is only the start of Stripe, not a bound the objects are known to start near
     * @param firstCreated the {@code created} second of the page's first (newest) object
     * @param lastCreated the {@code created} second of its last (oldest) object, where the cursor is
     * @param objects the objects on the page
     * @param pageSize the most objects a page holds
     */
    static SplitPlan of(long gte, long now, boolean openEnded, long firstCreated, long lastCreated, int objects, int pageSize, Load load) {
        long unreadSeconds = Math.max(0, lastCreated - gte);
        double perSecond = objects / (double) Math.max(1, firstCreated - lastCreated + 1);
        double expectedPages = perSecond * unreadSeconds / pageSize;
        if (load.room() <= 0 || unreadSeconds < 2) {
            return new SplitPlan(new long[0], expectedPages, new double[] {expectedPages});
        }
        double left = expectedPages + load.pagesElsewhere();
        double minimum = left < load.target() ? TAIL_PAGES_PER_PART : MIN_PAGES_PER_PART;
        double fairShare = Math.max(minimum, left / load.target());
        // The epsilon keeps a segment that holds all the work at exactly `target` shares despite rounding.
        long parts = Math.min(Math.min(load.room() + 1L, unreadSeconds), (long) (expectedPages / fairShare + 1e-9));
        if (parts < 2) {
            return new SplitPlan(new long[0], expectedPages, new double[] {expectedPages});
        }
        long newestAge = Math.max(1, now - lastCreated);
        double spread = (double) (now - gte) / newestAge;
        long[] boundaries = openEnded && spread >= LOG_SPREAD ? byAge(gte, now, lastCreated, perSecond, pageSize, (int) parts) : new long[0];
        if (boundaries.length == 0) {
            boundaries = even(gte, unreadSeconds, (int) parts);
        }
        double[] partPages = new double[boundaries.length + 1];
        long top = lastCreated;
        for (int i = 0; i <= boundaries.length; i++) {
            long bottom = i < boundaries.length ? boundaries[i] : gte;
            partPages[i] = perSecond * (top - bottom) / pageSize;
            top = bottom;
        }
        return new SplitPlan(boundaries, expectedPages, partPages);
    }

    /** Even widths from gte; the segment keeps the newest part, the one its cursor is in, and the rounding remainder with it. */
    private static long[] even(long gte, long unreadSeconds, int parts) {
        long[] boundaries = new long[parts - 1];
        for (int i = 0; i < boundaries.length; i++) {
            boundaries[i] = gte + (parts - 1 - i) * unreadSeconds / parts;
        }
        return boundaries;
    }

    /**
     * Even steps in the logarithm of the age below {@code now}, down to gte's age. The newest part is
     * as wide as {@link #MIN_PAGES_PER_PART} pages take at the page's density, so that the narrow
     * parts near the page are not each a partly filled page; fewer parts where the range is too
     * short for that, each at least one second wide.
     */
    private static long[] byAge(long gte, long now, long lastCreated, double perSecond, int pageSize, int parts) {
        double newestAge = Math.max(1, now - lastCreated) + Math.max(1, MIN_PAGES_PER_PART * pageSize / perSecond);
        double oldestAge = now - gte;
        if (newestAge >= oldestAge) {
            return new long[0];
        }
        double ratio = Math.pow(oldestAge / newestAge, 1.0 / (parts - 1));
        long[] cuts = new long[parts - 1];
        int n = 0;
        long above = lastCreated;
        for (int i = 0; i < parts - 1; i++) {
            long boundary = Math.min(above - 1, now - Math.round(newestAge * Math.pow(ratio, i)));
            if (boundary <= gte) {
                break;
            }
            cuts[n++] = boundary;
            above = boundary;
        }
        return Arrays.copyOf(cuts, n);
    }

    boolean splits() {
        return boundaries.length > 0;
    }

    /** The pages the segment's own part, next to its cursor, is expected to fill. */
    double ownPages() {
        return partPages[0];
    }

    /** The pages the part from the {@code index}th boundary down is expected to fill. */
    double pagesBelow(int index) {
        return partPages[index + 1];
    }
}
