package dev.syncline.sim.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import dev.syncline.sim.StripeSimulator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension used both ways, as a test author would. */
class StripeSimulatorExtensionIT {

    @Nested
    @ExtendWith(StripeSimulatorExtension.class)
    class Declarative {

        private static final List<StripeSimulator> SEEN = new ArrayList<>();

        @Test
        void injectsARunningSimulatorWithTheDefaults(StripeSimulator sim) throws StripeException {
            SEEN.add(sim);
            StripeClient client = StripeClient.builder().setApiKey("sk_test_1").setApiBase(sim.baseUrl().toString()).build();
            assertThat(client.v1().accounts().retrieveCurrent().getId()).isEqualTo(sim.accountId());
            assertThat(sim.groundTruth().count("customer")).isEqualTo(100);
        }

        @Test
        void sharesOneSimulatorAcrossTheClass(StripeSimulator sim) {
            SEEN.add(sim);
            assertThat(SEEN).allSatisfy(seen -> assertThat(seen).isSameAs(sim));
        }
    }

    @Nested
    class Programmatic {

        @RegisterExtension
        static final StripeSimulatorExtension STRIPE = StripeSimulatorExtension.builder()
                .seed(3).customers(25).connectedAccounts(2).build();

        private static StripeSimulator fromBeforeAll;

        @BeforeAll
        static void capture(StripeSimulator sim) {
            fromBeforeAll = sim;
        }

        @Test
        void appliesTheBuilderSettings(StripeSimulator sim) {
            assertThat(sim).isSameAs(STRIPE.simulator()).isSameAs(fromBeforeAll);
            assertThat(sim.groundTruth().count("customer")).isEqualTo(25);
            assertThat(sim.connectedAccountIds()).hasSize(2);
        }

        @AfterAll
        static void stillRunningUntilTheClassIsDone() {
            assertThat(STRIPE.simulator().port()).isPositive();
        }
    }
}
