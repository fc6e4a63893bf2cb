package dev.syncline.connector.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.record.Origin;
import dev.syncline.connector.record.SyncRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorsTest {
    @Test
    void discovery_withoutProviders_isEmpty() {
        Connectors connectors = Connectors.discover(getClass().getClassLoader());

        assertThat(connectors.types()).isEmpty();
        assertThat(connectors.forType("postgres")).isEmpty();
    }

    @Test
    void batchResult_acknowledgesEverythingButFailures() {
        BatchResult result = new BatchResult(List.of(RecordOutcome.APPLIED, RecordOutcome.STALE, RecordOutcome.rejected("bad"),
                RecordOutcome.TIE, RecordOutcome.UNCHANGED));
        BatchResult partial = new BatchResult(List.of(RecordOutcome.APPLIED, RecordOutcome.failed("connection reset")));

        assertThat(result.fullyAcknowledged()).isTrue();
        assertThat(partial.fullyAcknowledged()).isFalse();
        assertThat(partial.count(RecordOutcome.Status.APPLIED)).isEqualTo(1);
    }

    @Test
    void records_keepPayloadsOutOfTheirText() {
        SyncRecord record = SyncRecord.upsert("acct_1", "customer", "cus_1", 1_700_000_000L, Origin.BACKFILL,
                Map.of("email", "ada@example.com"));

        assertThat(record.toString()).contains("acct_1/customer/cus_1").doesNotContain("ada@example.com");
    }
}
