package dev.syncline.connector.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DirectCopyGateTest {
    @Test
    void copiesStraightUntilAConflict_thenStagesThatManyPartsOfTheTable_thenTriesAgain() {
        DirectCopyGate gate = new DirectCopyGate();
        assertThat(gate.tryDirect("customers")).isTrue();
        assertThat(gate.tryDirect("customers")).isTrue();

        gate.conflicted("customers");

        assertThat(IntStream.range(0, DirectCopyGate.STAGED_AFTER_CONFLICT).filter(i -> gate.tryDirect("customers")).count()).isZero();
        assertThat(gate.tryDirect("invoices")).as("other tables are not affected").isTrue();
        assertThat(gate.tryDirect("customers")).isTrue();
        assertThat(gate.tryDirect("customers")).isTrue();
    }
}
