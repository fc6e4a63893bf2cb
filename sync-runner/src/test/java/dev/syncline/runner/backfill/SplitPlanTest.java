package dev.syncline.runner.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.runner.backfill.SplitPlan.Load;
import org.junit.jupiter.api.Test;

class SplitPlanTest {
    private static final int PAGE = 100;
    /** The stream's newest second, far above the ranges of most tests: ranges only a little older than their page are cut evenly. */
    private static final long NOW = 1_000_000;

    @Test
    void firstPage_splitsIntoOnePartPerSlot() {
        // 100 objects over 100 s, 100,000 s unread: about 1,000 pages left, the only segment of 48.
        SplitPlan plan = SplitPlan.of(0, NOW, false, 100_099, 100_000, 100, PAGE, new Load(48, 1, 0));

        assertThat(plan.boundaries()).hasSize(47);
        assertThat(plan.boundaries()[0]).as("the segment keeps the newest part, next to its cursor").isLessThan(100_000);
        assertThat(plan.boundaries()[46]).isGreaterThan(0);
        assertThat(plan.expectedPages()).isEqualTo(1_000);
        assertThat(plan.ownPages()).isCloseTo(1_000 / 48.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(plan.pagesBelow(46)).isCloseTo(1_000 / 48.0, org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void aRangeReachingFarBehindItsPage_isCutInTheLogarithmOfTheAge() {
        // A fresh stream: its newest 100 objects span the last 100 s, and the range reaches back
        // 100,000 s, a thousand times the page's age. The newest part holds two pages (200 s), and
        // the parts widen into the past by a constant ratio.
        long now = 100_100;
        SplitPlan plan = SplitPlan.of(0, now, true, 100_099, 100_000, 100, PAGE, new Load(48, 1, 0));

        long[] cuts = plan.boundaries();
        assertThat(cuts).hasSize(47);
        assertThat(cuts[0]).as("two pages' width below the cursor").isEqualTo(100_000 - 200);
        assertThat(cuts[46]).isGreaterThan(0);
        double ratio = Math.pow(100_100 / 300.0, 1 / 47.0);
        for (int i = 1; i < cuts.length; i++) {
            assertThat((double) (now - cuts[i]) / (now - cuts[i - 1])).isCloseTo(ratio, org.assertj.core.data.Offset.offset(0.02));
        }
        // Each part's pages at the page's density, adding up to the whole range's.
        double sum = plan.ownPages();
        for (int i = 0; i < cuts.length; i++) {
            sum += plan.pagesBelow(i);
        }
        assertThat(sum).isCloseTo(plan.expectedPages(), org.assertj.core.data.Offset.offset(1e-6));
        assertThat(plan.ownPages()).isCloseTo(2, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(plan.pagesBelow(46)).isGreaterThan(plan.ownPages() * 20);
    }

    @Test
    void aRangeAFewTimesOlderThanItsPage_isCutEvenly() {
        // The page is 1,000 s old and the range reaches back 3,000 s: under four times, so even widths.
        SplitPlan plan = SplitPlan.of(7_000, 10_000, true, 8_099, 8_000, 100, PAGE, new Load(3, 1, 0));

        assertThat(plan.boundaries()).containsExactly(7_666, 7_333);
    }

    @Test
    void aRangeWithAKnownStart_isCutEvenly_howeverFarBehindItsPage() {
        // As the log-cut case, but gte is a --since: the objects are taken to fill the range.
        assertThat(SplitPlan.of(0, 100_100, false, 100_099, 100_000, 100, PAGE, new Load(4, 1, 0)).boundaries())
                .containsExactly(75_000, 50_000, 25_000);
    }

    @Test
    void aDenseNow_cutsTheNewestSecondsOneSecondApart() {
        // 100 objects in the last second, and two years behind them: the log steps near now are
        // shorter than a second, so the first parts take one second each and none is empty of seconds.
        long now = 63_072_001;
        long[] cuts = SplitPlan.of(1, now, true, now - 1, now - 1, 100, PAGE, new Load(48, 1, 0)).boundaries();

        long upper = now - 1;
        for (long cut : cuts) {
            assertThat(cut).isLessThan(upper).isGreaterThan(1);
            upper = cut;
        }
        assertThat(cuts).hasSizeGreaterThan(40);
    }

    @Test
    void partsAreEvenAndNewestFirst() {
        // About 8.9 pages over 900 s, 4 slots: four parts of 225 s.
        SplitPlan plan = SplitPlan.of(1_000, NOW, false, 2_000, 1_900, 100, PAGE, new Load(4, 1, 0));

        assertThat(plan.boundaries()).containsExactly(1_675, 1_450, 1_225);
    }

    @Test
    void noFreeSlot_noSplit() {
        assertThat(SplitPlan.of(0, NOW, false, 100_099, 100_000, 100, PAGE, new Load(48, 48, 0)).splits()).isFalse();
    }

    @Test
    void aFreedSlot_goesToASegmentWithMoreThanItsShare_workStealing() {
        // 40 pages left here, 2 in each of the 46 others: this one takes the free slot.
        SplitPlan plan = SplitPlan.of(0, NOW, false, 4_099, 4_000, 100, PAGE, new Load(48, 47, 46 * 2));

        assertThat(plan.boundaries()).containsExactly(2_000);
    }

    @Test
    void aSegmentWithNoMoreThanItsShare_leavesTheFreeSlots() {
        // 40 pages here and in each of the 46 others: splitting would only add partly filled pages.
        assertThat(SplitPlan.of(0, NOW, false, 4_099, 4_000, 100, PAGE, new Load(48, 47, 46 * 40)).splits()).isFalse();
        // Twice its share: two parts.
        assertThat(SplitPlan.of(0, NOW, false, 4_099, 4_000, 100, PAGE, new Load(48, 40, 39 * 20)).boundaries()).hasSize(1);
    }

    @Test
    void afterThePartsOfEmptyRangesFinish_theOnesWithDataShareTheFreedSlots() {
        // 40 pages in each of 10 segments, 38 slots free: each takes about a tenth of the slots, not the first one all.
        SplitPlan plan = SplitPlan.of(0, NOW, false, 4_099, 4_000, 100, PAGE, new Load(48, 10, 9 * 40));

        assertThat(plan.boundaries()).hasSize(3);
    }

    @Test
    void rangesTooSparseToFillTwoPagesEach_areNotSplit() {
        // 100 objects over 1,000 s and 3,000 s unread: 3 pages, not enough for two parts of two.
        // (Nine pages elsewhere: more work left than slots, so not yet the tail.)
        assertThat(SplitPlan.of(0, NOW, false, 3_999, 3_000, 100, PAGE, new Load(10, 2, 9)).splits()).isFalse();
        // 5 pages: two parts of 2.5.
        assertThat(SplitPlan.of(0, NOW, false, 5_999, 5_000, 100, PAGE, new Load(10, 2, 9)).boundaries()).containsExactly(2_500);
    }

    @Test
    void inTheTail_aFewPagesAreSplitIntoPartsOfLessThanAPage() {
        // 3 pages left here and 4 elsewhere, 48 slots: less than a page per slot, so parts of about
        // 0.6 pages, read in one round trip, instead of three pages one after another.
        assertThat(SplitPlan.of(0, NOW, false, 399, 300, 100, PAGE, new Load(48, 5, 4)).boundaries()).containsExactly(240, 180, 120, 60);
        // With as much work left as slots, the usual two pages a part.
        assertThat(SplitPlan.of(0, NOW, false, 399, 300, 100, PAGE, new Load(48, 5, 45)).splits()).isFalse();
    }

    @Test
    void neverBelowOneSecond_evenWhenEverySecondIsDense() {
        // 100 objects in one second, 5 s unread below it: 5 pages, so two parts of at least two pages.
        assertThat(SplitPlan.of(100, NOW, false, 105, 105, 100, PAGE, new Load(48, 2, 100)).boundaries()).containsExactly(102);
        // With pages of 10, 50 pages are left: one part a second, not more.
        assertThat(SplitPlan.of(100, NOW, false, 105, 105, 100, 10, new Load(48, 2, 100)).boundaries()).containsExactly(104, 103, 102, 101);
        // Nor in the tail, where parts may be smaller than a page.
        assertThat(SplitPlan.of(100, NOW, false, 105, 105, 100, PAGE, new Load(48, 1, 0)).boundaries()).containsExactly(104, 103, 102, 101);
    }

    @Test
    void oneSecondOrLessLeft_isNeverSplit() {
        assertThat(SplitPlan.of(100, NOW, false, 101, 101, 100, PAGE, new Load(48, 1, 0)).splits()).isFalse();
        assertThat(SplitPlan.of(100, NOW, false, 100, 100, 100, PAGE, new Load(48, 1, 0)).splits()).isFalse();
    }

    @Test
    void everyBoundaryLeavesPartsOfAtLeastOneSecondInsideTheRange() {
        for (long gte = 0; gte < 50; gte += 7) {
            for (long last = gte; last < gte + 120; last += 3) {
                for (int room = 0; room < 60; room += 5) {
                  for (long now : new long[] {last + 51, last + 500, NOW}) {
                    long[] boundaries = SplitPlan.of(gte, now, now != NOW, last + 50, last, 100, 10, new Load(room + 1, 1, 0)).boundaries();
                    long upper = last;
                    for (long boundary : boundaries) {
                        assertThat(boundary).isLessThan(upper).isGreaterThan(gte);
                        upper = boundary;
                    }
                    assertThat(boundaries.length).isLessThanOrEqualTo(room);
                  }
                }
            }
        }
    }
}
