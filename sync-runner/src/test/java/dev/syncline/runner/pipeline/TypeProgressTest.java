package dev.syncline.runner.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalDouble;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class TypeProgressTest {
    private final TypeProgress type = new PipelineProgress("warehouse", List.of("customer")).of("customer");

    @Test
    void completion_countsObjects_againstWhatTheUnreadRangesAreExpectedToHold() {
        type.coverage(() -> 0.9);
        type.unreadObjects(() -> OptionalDouble.of(30_000));
        type.pageRead(100);
        type.pageRead(100);
        for (int i = 0; i < 98; i++) {
            type.pageRead(100);
        }

        assertThat(type.completion()).as("10,000 read, 30,000 expected still; not the 90 %% of the range").isCloseTo(0.25, Offset.offset(1e-9));
        assertThat(type.etaSeconds()).isPresent();
    }

    @Test
    void withoutAnEstimate_theShareOfTheRangeStands() {
        type.coverage(() -> 0.4);
        type.pageRead(100);

        assertThat(type.completion()).isEqualTo(0.4);
    }

    @Test
    void beforeAnythingIsRead_noEta_andOnceComplete_done() {
        type.unreadObjects(() -> OptionalDouble.of(1_000));
        assertThat(type.completion()).isZero();
        assertThat(type.etaSeconds()).isEmpty();

        type.readComplete();
        assertThat(type.completion()).isEqualTo(1);
        assertThat(type.etaSeconds()).hasValue(0);
    }
}
