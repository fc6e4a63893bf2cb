package dev.syncline.runner.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.schema.FieldSpec;
import dev.syncline.connector.schema.FieldType;
import dev.syncline.connector.schema.ObjectSchema;
import org.junit.jupiter.api.Test;

class StripeSchemasTest {
    private final StripeSchemas schemas = new StripeSchemas();

    @Test
    void customer_hasTypedTopLevelFields() {
        ObjectSchema customer = schemas.schemaOf("customer").orElseThrow();

        assertThat(customer.field("id")).contains(new FieldSpec("id", FieldType.TEXT));
        assertThat(customer.field("created")).contains(new FieldSpec("created", FieldType.TIMESTAMP));
        assertThat(customer.field("email")).contains(new FieldSpec("email", FieldType.TEXT));
        assertThat(customer.field("balance")).contains(new FieldSpec("balance", FieldType.BIGINT));
        assertThat(customer.field("livemode")).contains(new FieldSpec("livemode", FieldType.BOOLEAN));
        assertThat(customer.field("metadata")).contains(new FieldSpec("metadata", FieldType.JSON));
        assertThat(customer.field("address")).contains(new FieldSpec("address", FieldType.JSON));
        assertThat(customer.collectionName()).isEqualTo("customers");
    }

    @Test
    void subscription_referencesAndTimestamps() {
        ObjectSchema subscription = schemas.schemaOf("subscription").orElseThrow();

        assertThat(subscription.field("customer")).contains(new FieldSpec("customer", FieldType.REFERENCE));
        assertThat(subscription.field("status")).contains(new FieldSpec("status", FieldType.TEXT));
        assertThat(subscription.field("canceled_at")).contains(new FieldSpec("canceled_at", FieldType.TIMESTAMP));
        assertThat(subscription.field("trial_end")).contains(new FieldSpec("trial_end", FieldType.TIMESTAMP));
        assertThat(subscription.field("billing_cycle_anchor")).contains(new FieldSpec("billing_cycle_anchor", FieldType.TIMESTAMP));
        assertThat(subscription.field("days_until_due")).contains(new FieldSpec("days_until_due", FieldType.BIGINT));
        assertThat(subscription.field("items")).contains(new FieldSpec("items", FieldType.JSON));
        assertThat(subscription.field("application_fee_percent")).contains(new FieldSpec("application_fee_percent", FieldType.NUMERIC));
    }

    @Test
    void everyCatalogType_hasASchema() {
        assertThat(StripeCatalog.names()).allSatisfy(type ->
                assertThat(schemas.schemaOf(type)).as(type).isPresent());
    }

    @Test
    void unknownType_hasNoSchema() {
        assertThat(schemas.schemaOf("unicorn")).isEmpty();
    }

    @Test
    void collectionNames_arePluralSnakeCase() {
        assertThat(ObjectSchema.collectionName("payment_intent")).isEqualTo("payment_intents");
        assertThat(ObjectSchema.collectionName("checkout.session")).isEqualTo("checkout_sessions");
        assertThat(ObjectSchema.collectionName("tax_rate")).isEqualTo("tax_rates");
    }
}
