package dev.syncline.sim;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StripeSimulatorBuilderTest {
    @Test
    void anUnknownObjectType_isRefusedWithTheKnownOnes() {
        // Seeding only unknown types would silently start an empty simulator.
        assertThatThrownBy(() -> StripeSimulator.builder().objectTypes("customer", "custmer"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown object type custmer")
                .hasMessageContaining("customer");
    }
}
