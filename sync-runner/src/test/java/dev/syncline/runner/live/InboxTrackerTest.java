package dev.syncline.runner.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A pipeline's inbox position moves only over rows whose every record is acknowledged. */
class InboxTrackerTest {
    @Test
    void thePositionWaitsForTheOldestRowStillInFlight() {
        InboxTracker tracker = new InboxTracker(10);
        tracker.read(11, 1);
        tracker.read(14, 2);
        tracker.read(15, 1);

        tracker.acknowledged(15);
        tracker.acknowledged(14);
        assertThat(tracker.committable()).as("row 11 is still in flight").isEqualTo(10);

        tracker.acknowledged(11);
        assertThat(tracker.committable()).as("row 14 waits for its second record").isEqualTo(13);

        tracker.acknowledged(14);
        assertThat(tracker.committable()).isEqualTo(15);
        assertThat(tracker.inFlight()).isZero();
    }

    @Test
    void aRowWithNoRecordForThePipelineIsDoneAtOnce() {
        InboxTracker tracker = new InboxTracker(0);
        tracker.read(3, 0);
        assertThat(tracker.committable()).isEqualTo(3);
    }

    @Test
    void rowsOutOfOrder_orTooManyAcknowledgements_areBugsThatFailLoudly() {
        InboxTracker tracker = new InboxTracker(5);
        assertThatThrownBy(() -> tracker.read(5, 1)).isInstanceOf(IllegalStateException.class);
        tracker.read(6, 1);
        tracker.acknowledged(6);
        assertThatThrownBy(() -> tracker.acknowledged(6)).isInstanceOf(IllegalStateException.class);
    }
}
