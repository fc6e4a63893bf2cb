package dev.syncline.connector.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.schema.FieldType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnValuesTest {

    @Test
    void convertsFittingValues() {
        assertThat(ColumnValues.convert(FieldType.TEXT, "active")).contains("active");
        assertThat(ColumnValues.convert(FieldType.BIGINT, 2900L)).contains(2900L);
        assertThat(ColumnValues.convert(FieldType.BIGINT, new BigDecimal("12"))).contains(12L);
        assertThat(ColumnValues.convert(FieldType.NUMERIC, "2900.125")).contains(new BigDecimal("2900.125"));
        assertThat(ColumnValues.convert(FieldType.BOOLEAN, true)).contains(true);
        assertThat(ColumnValues.convert(FieldType.TIMESTAMP, 1_763_158_400L))
                .contains(OffsetDateTime.of(2025, 11, 14, 22, 13, 20, 0, ZoneOffset.UTC));
        assertThat(ColumnValues.convert(FieldType.REFERENCE, "cus_1")).contains("cus_1");
        assertThat(ColumnValues.convert(FieldType.REFERENCE, Map.of("id", "cus_1", "object", "customer"))).contains("cus_1");
    }

    @Test
    void tellsANullFromAValueThatDoesNotFit() {
        assertThat(ColumnValues.convert(FieldType.BIGINT, null)).contains(ColumnValues.Null.INSTANCE);
        assertThat(ColumnValues.convert(FieldType.BIGINT, "12")).isEmpty();
    }

    @Test
    void refusesValuesThatDoNotFit() {
        assertThat(ColumnValues.convert(FieldType.BIGINT, new BigDecimal("1.5"))).isEmpty();
        assertThat(ColumnValues.convert(FieldType.BIGINT, BigInteger.TWO.pow(70))).isEmpty();
        assertThat(ColumnValues.convert(FieldType.BOOLEAN, "true")).isEmpty();
        assertThat(ColumnValues.convert(FieldType.TIMESTAMP, Long.MAX_VALUE)).isEmpty();
        assertThat(ColumnValues.convert(FieldType.TIMESTAMP, Long.MIN_VALUE)).isEmpty();
        assertThat(ColumnValues.convert(FieldType.TIMESTAMP, BigInteger.valueOf(1_763_158_400L)))
                .contains(OffsetDateTime.of(2025, 11, 14, 22, 13, 20, 0, ZoneOffset.UTC));
        assertThat(ColumnValues.convert(FieldType.TIMESTAMP, "2025-11-14")).isEmpty();
        assertThat(ColumnValues.convert(FieldType.TEXT, List.of("a"))).isEmpty();
        assertThat(ColumnValues.convert(FieldType.TEXT, "nul\u0000")).isEmpty();
        assertThat(ColumnValues.convert(FieldType.REFERENCE, Map.of("object", "customer"))).isEmpty();
        assertThat(ColumnValues.convert(FieldType.NUMERIC, "lots")).isEmpty();
    }
}
