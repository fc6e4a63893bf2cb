package dev.syncline.runner.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncline.connector.record.Origin;
import dev.syncline.connector.record.SyncRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackfillTrackerTest {
    private static final StreamKey STREAM = new StreamKey("customer", 0);
    private final List<String> completedTypes = new ArrayList<>();
    private final BackfillStreams streams = new BackfillStreams(completedTypes::add);
    private final BackfillTracker tracker = new BackfillTracker(streams);
    private final Segment segment = new Segment(STREAM, 0, 1_000, 2_000, null, 0);

    BackfillTrackerTest() {
        streams.add(STREAM, dev.syncline.runner.catalog.StripeCatalog.get("customer"), 1_000, 2_000, List.of(segment));
        streams.drainDirty();
    }

    @Test
    void cursorAdvancesOnlyOverAContiguousPrefixOfAcknowledgedPages() {
        FetchedPage first = page(0, 1900, false, "cus_a", "cus_b");
        FetchedPage second = page(1, 1800, false, "cus_c");
        tracker.register(first);
        tracker.register(second);

        tracker.acknowledge(second);
        assertThat(segment.snapshot().cursorId()).as("the later page alone does not move the cursor").isNull();
        assertThat(streams.drainDirty()).isEmpty();

        tracker.acknowledge(first);
        assertThat(segment.snapshot().cursorId()).as("half a page does not move it either").isNull();

        tracker.acknowledge(first);
        assertThat(segment.snapshot()).isEqualTo(new SegmentSnapshot(0, 1_000, 2_000, "cus_c", 1800));
        assertThat(streams.drainDirty()).containsExactly(STREAM);
        assertThat(segment.isDone()).isFalse();
    }

    @Test
    void lastPageAcknowledged_completesTheSegmentAndTheType() {
        FetchedPage only = page(0, 1500, true, "cus_a");
        tracker.register(only);
        tracker.acknowledge(only);

        assertThat(segment.isDone()).isTrue();
        assertThat(streams.complete(STREAM)).isTrue();
        assertThat(streams.openSnapshots(STREAM)).isEmpty();
        assertThat(completedTypes).containsExactly("customer");
    }

    @Test
    void emptyLastPage_completesTheSegmentAtOnce() {
        tracker.register(new FetchedPage(segment, 0, List.of(), null, 0, true));

        assertThat(segment.isDone()).isTrue();
    }

    @Test
    void splitSegment_keepsTheStreamOpenUntilBothAreDone() {
        Segment older = streams.split(segment, 1_400);
        FetchedPage newer = page(0, 1500, true, "cus_a");
        tracker.register(newer);
        tracker.acknowledge(newer);

        assertThat(segment.snapshot().gte()).isEqualTo(1_400);
        assertThat(older.snapshot()).isEqualTo(new SegmentSnapshot(1, 1_000, 1_400, null, 0));
        assertThat(streams.complete(STREAM)).isFalse();
        assertThat(streams.openSnapshots(STREAM)).containsExactly(older.snapshot());
    }

    @Test
    void tooManyAcknowledgements_areABug() {
        FetchedPage page = page(0, 1500, false, "cus_a");
        tracker.register(page);
        tracker.acknowledge(page);

        assertThatThrownBy(() -> tracker.acknowledge(page)).isInstanceOf(IllegalStateException.class);
    }

    private FetchedPage page(long sequence, long lastCreated, boolean last, String... ids) {
        List<SyncRecord> records = new ArrayList<>();
        for (String id : ids) {
            records.add(SyncRecord.upsert("acct_1", "customer", id, 1, Origin.BACKFILL, Map.of("id", id)));
        }
        return new FetchedPage(segment, sequence, records, ids[ids.length - 1], lastCreated, last);
    }
}
