package dev.syncline.runner.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FairShareTest {
    @Test
    void share_roundsUp_soEveryPieceIsTaken() {
        assertThat(FairShare.share(24, 2)).isEqualTo(12);
        assertThat(FairShare.share(25, 2)).isEqualTo(13);
        assertThat(FairShare.share(25, 3)).isEqualTo(9);
        assertThat(FairShare.share(2, 5)).isEqualTo(1);
        // Whatever the split, the shares cover every piece.
        for (int pieces = 0; pieces <= 50; pieces++) {
            for (int replicas = 1; replicas <= 7; replicas++) {
                assertThat(FairShare.share(pieces, replicas) * replicas).as("%d over %d", pieces, replicas).isGreaterThanOrEqualTo(pieces);
                assertThat(FairShare.share(pieces, replicas)).isLessThanOrEqualTo(pieces);
            }
        }
    }

    @Test
    void share_ofNothingIsNothing_andAReplicaAloneTakesEverything() {
        assertThat(FairShare.share(0, 3)).isZero();
        assertThat(FairShare.share(40, 1)).isEqualTo(40);
        assertThat(FairShare.share(40, 0)).as("no count yet: this replica alone").isEqualTo(40);
    }

    @Test
    void aReplicaTakesUpToItsShare_andGivesBackWhatIsBeyondIt() {
        // One replica holds all 40; a second joins: the share is 20.
        int share = FairShare.share(40, 2);
        assertThat(FairShare.toGiveBack(40, share)).isEqualTo(20);
        assertThat(FairShare.toTake(40, share)).isZero();
        assertThat(FairShare.toTake(0, share)).isEqualTo(20);
        assertThat(FairShare.toGiveBack(0, share)).isZero();
        // The second dies: the survivor's share is everything again.
        assertThat(FairShare.toTake(20, FairShare.share(40, 1))).isEqualTo(20);
    }

    @Test
    void theBudgetIsSplitEvenly_soTheReplicasTogetherStayWithinIt() {
        assertThat(FairShare.rate(100, 1)).isEqualTo(100);
        assertThat(FairShare.rate(100, 4)).isEqualTo(25);
        assertThat(FairShare.rate(100, 3) * 3).isLessThanOrEqualTo(100.0 + 1e-9);
        assertThat(FairShare.rate(100, 0)).as("no count yet").isEqualTo(100);
    }
}
