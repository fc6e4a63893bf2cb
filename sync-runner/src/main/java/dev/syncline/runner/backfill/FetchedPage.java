package dev.syncline.runner.backfill;

import dev.syncline.connector.record.SyncRecord;
import dev.syncline.runner.pipeline.Position;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page read for one segment, in the order the segment read it.
 *
 * @param segment the segment it belongs to
 * @param sequence its number within the segment, from 0
 * @param records the objects as records
 * @param lastId the last object's id, the cursor after this page (null for an empty page)
 * @param lastCreated the last object's {@code created} second
 * @param last whether the segment has nothing after this page
 */
public record FetchedPage(Segment segment, long sequence, List<SyncRecord> records, @Nullable String lastId, long lastCreated, boolean last)
        implements Position {
    public FetchedPage {
        records = List.copyOf(records);
    }
}
