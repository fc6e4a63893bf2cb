package dev.syncline.sim.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormParamsTest {

    @Test
    void parsesWhatStripeJavaSends() {
        Map<String, Object> params = FormParams.parse(
                "created[lt]=1700000001&created[gte]=1600000000&limit=100&starting_after=cus_9"
                        + "&expand[0]=data.request&types[0]=customer.created&types[1]=customer.updated"
                        + "&owner[type]=customer&owner[customer]=cus_1");
        assertThat(params)
                .containsEntry("created", Map.of("lt", "1700000001", "gte", "1600000000"))
                .containsEntry("limit", "100")
                .containsEntry("starting_after", "cus_9")
                .containsEntry("expand", List.of("data.request"))
                .containsEntry("types", List.of("customer.created", "customer.updated"))
                .containsEntry("owner", Map.of("type", "customer", "customer", "cus_1"));
    }

    @Test
    void acceptsPercentEncodedBracketsAndValues() {
        Map<String, Object> params = FormParams.parse("created%5Bgte%5D=5&email=a%2Bb%40example.com&q=x+y");
        assertThat(params)
                .containsEntry("created", Map.of("gte", "5"))
                .containsEntry("email", "a+b@example.com")
                .containsEntry("q", "x y");
    }

    @Test
    void ordersIndexedArraysByIndexAndAppendsEmptyBrackets() {
        assertThat(FormParams.parse("ids[1]=b&ids[0]=a&ids[10]=c")).containsEntry("ids", List.of("a", "b", "c"));
        assertThat(FormParams.parse("ids[]=a&ids[]=b")).containsEntry("ids", List.of("a", "b"));
    }

    @Test
    void handlesEmptyAndValuelessInput() {
        assertThat(FormParams.parse(null)).isEmpty();
        assertThat(FormParams.parse("")).isEmpty();
        assertThat(FormParams.parse("a&&b=")).containsEntry("a", "").containsEntry("b", "");
    }

    @Test
    void rejectsMalformedKeys() {
        assertThatThrownBy(() -> FormParams.parse("created[gte=1")).isInstanceOf(ApiError.class);
        assertThatThrownBy(() -> FormParams.parse("[gte]=1")).isInstanceOf(ApiError.class);
        assertThatThrownBy(() -> FormParams.parse("a[b]x[c]=1")).isInstanceOf(ApiError.class);
    }
}
