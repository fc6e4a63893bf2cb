package dev.syncline.sim.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncline.sim.store.ListQuery;
import dev.syncline.sim.store.ObjectType;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListRequestParserTest {

    private static ListQuery parse(ObjectType type, String query) {
        return ListRequestParser.parse(type, FormParams.parse(query));
    }

    private static ApiError error(ObjectType type, String query) {
        try {
            parse(type, query);
        } catch (ApiError e) {
            return e;
        }
        throw new AssertionError("expected an ApiError for " + query);
    }

    @Test
    void defaultsToTenAndNoBounds() {
        ListQuery query = parse(ObjectType.CUSTOMER, "");
        assertThat(query.limit()).isEqualTo(10);
        assertThat(query.createdFrom()).isEqualTo(Long.MIN_VALUE);
        assertThat(query.createdTo()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void foldsCreatedOperatorsIntoInclusiveBounds() {
        ListQuery query = parse(ObjectType.CUSTOMER, "created[gt]=10&created[lt]=20");
        assertThat(query.createdFrom()).isEqualTo(11);
        assertThat(query.createdTo()).isEqualTo(19);
        query = parse(ObjectType.CUSTOMER, "created[gte]=10&created[lte]=20");
        assertThat(query.createdFrom()).isEqualTo(10);
        assertThat(query.createdTo()).isEqualTo(20);
        query = parse(ObjectType.CUSTOMER, "created=15");
        assertThat(query.createdFrom()).isEqualTo(15);
        assertThat(query.createdTo()).isEqualTo(15);
    }

    @Test
    void rejectsOutOfRangeAndNonNumericLimits() {
        for (String limit : new String[] {"0", "101", "-1", "ten"}) {
            ApiError e = error(ObjectType.CUSTOMER, "limit=" + limit);
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.param()).isEqualTo("limit");
            assertThat(e.type()).isEqualTo("invalid_request_error");
        }
        assertThat(parse(ObjectType.CUSTOMER, "limit=1").limit()).isEqualTo(1);
        assertThat(parse(ObjectType.CUSTOMER, "limit=100").limit()).isEqualTo(100);
    }

    @Test
    void rejectsBothCursors() {
        ApiError e = error(ObjectType.CUSTOMER, "starting_after=cus_1&ending_before=cus_2");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("starting_after").contains("ending_before");
    }

    @Test
    void rejectsUnknownParametersEmptyValuesAndBadCreated() {
        assertThat(error(ObjectType.CUSTOMER, "colour=red").param()).isEqualTo("colour");
        assertThat(error(ObjectType.CUSTOMER, "status=all").code()).isEqualTo("parameter_unknown");
        assertThat(error(ObjectType.CUSTOMER, "created[between]=1").param()).isEqualTo("created[between]");
        assertThat(error(ObjectType.CUSTOMER, "created[gte]=soon").param()).isEqualTo("created[gte]");
        assertThat(error(ObjectType.CUSTOMER, "starting_after=").code()).isEqualTo("parameter_invalid_empty");
        assertThat(error(ObjectType.SUBSCRIPTION, "status=sleeping").param()).isEqualTo("status");
        assertThat(error(ObjectType.PRICE, "active=maybe").param()).isEqualTo("active");
    }

    @Test
    void pricesDefaultToActiveOnly() {
        Map<String, Object> active = Map.of("active", true);
        Map<String, Object> inactive = Map.of("active", false);
        assertThat(parse(ObjectType.PRICE, "").filter()).accepts(active).rejects(inactive);
        assertThat(parse(ObjectType.PRICE, "active=false").filter()).accepts(inactive).rejects(active);
        assertThat(parse(ObjectType.PRICE, "active=true").filter()).accepts(active).rejects(inactive);
    }

    @Test
    void subscriptionsHideCanceledUnlessAStatusIsGiven() {
        Map<String, Object> canceled = Map.of("status", "canceled");
        Map<String, Object> active = Map.of("status", "active");
        assertThat(parse(ObjectType.SUBSCRIPTION, "").filter()).accepts(active).rejects(canceled);
        assertThat(parse(ObjectType.SUBSCRIPTION, "status=all").filter()).accepts(active, canceled);
        assertThat(parse(ObjectType.SUBSCRIPTION, "status=canceled").filter()).accepts(canceled).rejects(active);
        assertThat(parse(ObjectType.SUBSCRIPTION, "status=ended").filter()).accepts(canceled).rejects(active);
    }

    @Test
    void acceptsExpandWithoutApplyingIt() {
        assertThat(parse(ObjectType.INVOICE, "expand[0]=data.customer&expand[1]=data.subscription").limit())
                .isEqualTo(10);
        ListRequestParser.validateRetrieve(FormParams.parse("expand[0]=customer"));
        assertThatThrownBy(() -> ListRequestParser.validateRetrieve(FormParams.parse("limit=3")))
                .isInstanceOf(ApiError.class);
    }

    @Test
    void simpleEqualityFilters() {
        assertThat(parse(ObjectType.CUSTOMER, "email=a@example.com").filter())
                .accepts(Map.of("email", "a@example.com")).rejects(Map.of("email", "b@example.com"));
        assertThat(parse(ObjectType.INVOICE, "subscription=sub_1").filter())
                .accepts(Map.of("parent", Map.of("subscription_details", Map.of("subscription", "sub_1"))))
                .rejects(Map.of("parent", Map.of("subscription_details", Map.of("subscription", "sub_2"))));
        assertThat(parse(ObjectType.PRICE, "recurring[interval]=year&active=true").filter())
                .accepts(Map.of("active", true, "recurring", Map.of("interval", "year")))
                .rejects(Map.of("active", true, "recurring", Map.of("interval", "month")));
    }
}
