package dev.syncline.runner.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.runner.backfill.SplitPlan.Load;
import org.junit.jupiter.api.Test;

class SplitPlanTest {
    private static final int PAGE = 100;

    @Test
    void firstPage_splitsIntoOnePartPerSlot() {
        // 100 objects over 100 s, 100,000 s unread: about 1,000 pages left, the only segment of 48.
        SplitPlan plan = SplitPlan.of(0, 100_099, 100_000, 100, PAGE, new Load(48, 1, 0));

        assertThat(plan.boundaries()).hasSize(47);
        assertThat(plan.boundaries()[0]).as("the segment keeps the newest part, next to its cursor").isLessThan(100_000);
        assertThat(plan.boundaries()[46]).isGreaterThan(0);
        assertThat(plan.expectedPages()).isEqualTo(1_000);
        assertThat(plan.pagesPerPart()).isCloseTo(1_000 / 48.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void partsAreEvenAndNewestFirst() {
        // About 8.9 pages over 900 s, 4 slots: four parts of 225 s.
        SplitPlan plan = SplitPlan.of(1_000, 2_000, 1_900, 100, PAGE, new Load(4, 1, 0));

        assertThat(plan.boundaries()).containsExactly(1_675, 1_450, 1_225);
    }

    @Test
    void noFreeSlot_noSplit() {
        assertThat(SplitPlan.of(0, 100_099, 100_000, 100, PAGE, new Load(48, 48, 0)).splits()).isFalse();
    }

    @Test
    void aFreedSlot_goesToASegmentWithMoreThanItsShare_workStealing() {
        // 40 pages left here, 2 in each of the 46 others: this one takes the free slot.
        SplitPlan plan = SplitPlan.of(0, 4_099, 4_000, 100, PAGE, new Load(48, 47, 46 * 2));

        assertThat(plan.boundaries()).containsExactly(2_000);
    }

    @Test
    void aSegmentWithNoMoreThanItsShare_leavesTheFreeSlots() {
        // 40 pages here and in each of the 46 others: splitting would only add partly filled pages.
        assertThat(SplitPlan.of(0, 4_099, 4_000, 100, PAGE, new Load(48, 47, 46 * 40)).splits()).isFalse();
        // Twice its share: two parts.
        assertThat(SplitPlan.of(0, 4_099, 4_000, 100, PAGE, new Load(48, 40, 39 * 20)).boundaries()).hasSize(1);
    }

    @Test
    void afterThePartsOfEmptyRangesFinish_theOnesWithDataShareTheFreedSlots() {
        // 40 pages in each of 10 segments, 38 slots free: each takes about a tenth of the slots, not the first one all.
        SplitPlan plan = SplitPlan.of(0, 4_099, 4_000, 100, PAGE, new Load(48, 10, 9 * 40));

        assertThat(plan.boundaries()).hasSize(3);
    }

    @Test
    void rangesTooSparseToFillTwoPagesEach_areNotSplit() {
        // 100 objects over 1,000 s and 3,000 s unread: 3 pages, not enough for two parts of two.
        assertThat(SplitPlan.of(0, 3_999, 3_000, 100, PAGE, new Load(10, 1, 0)).splits()).isFalse();
        // 5 pages: two parts of 2.5.
        assertThat(SplitPlan.of(0, 5_999, 5_000, 100, PAGE, new Load(10, 1, 0)).boundaries()).containsExactly(2_500);
    }

    @Test
    void neverBelowOneSecond_evenWhenEverySecondIsDense() {
        // 100 objects in one second, 5 s unread below it: 5 pages, so two parts of at least two pages.
        assertThat(SplitPlan.of(100, 105, 105, 100, PAGE, new Load(48, 1, 0)).boundaries()).containsExactly(102);
        // With pages of 10, 50 pages are left: one part a second, not more.
        assertThat(SplitPlan.of(100, 105, 105, 100, 10, new Load(48, 1, 0)).boundaries()).containsExactly(104, 103, 102, 101);
    }

    @Test
    void oneSecondOrLessLeft_isNeverSplit() {
        assertThat(SplitPlan.of(100, 101, 101, 100, PAGE, new Load(48, 1, 0)).splits()).isFalse();
        assertThat(SplitPlan.of(100, 100, 100, 100, PAGE, new Load(48, 1, 0)).splits()).isFalse();
    }

    @Test
    void everyBoundaryLeavesPartsOfAtLeastOneSecondInsideTheRange() {
        for (long gte = 0; gte < 50; gte += 7) {
            for (long last = gte; last < gte + 120; last += 3) {
                for (int room = 0; room < 60; room += 5) {
                    long[] boundaries = SplitPlan.of(gte, last + 50, last, 100, 10, new Load(room + 1, 1, 0)).boundaries();
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
