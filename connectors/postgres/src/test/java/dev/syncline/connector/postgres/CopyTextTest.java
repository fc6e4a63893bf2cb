package dev.syncline.connector.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CopyTextTest {
    @Test
    void encodesEveryBoundTypeInCopyTextFormat() {
        CopyText text = new CopyText(16);
        text.appendRow(List.of("acct_1", "cus_1", String.class, true, 42L, new BigDecimal("1.50"),
                OffsetDateTime.of(2026, 3, 4, 5, 6, 7, 0, ZoneOffset.ofHours(2))));
        assertThat(text.toString()).isEqualTo("acct_1\tcus_1\t\\N\tt\t42\t1.50\t2026-03-04 03:06:07+00\n");
    }

    @Test
    void escapesTheReservedCharactersOfTextAndJson() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("name", "tab\there, back\\slash, line\nbreak");
        payload.put("city", "Zürich ✓");
        CopyText text = new CopyText(1);
        text.appendRow(List.of("a\\b\tc\rd\ne", "Zürich ✓", new JsonValue(payload)));
        assertThat(text.toString()).isEqualTo("a\\\\b\\tc\\rd\\ne\tZürich ✓\t"
                + "{\"name\":\"tab\\\\there, back\\\\\\\\slash, line\\\\nbreak\",\"city\":\"Zürich ✓\"}\n");
    }

    @Test
    void yearsOutsideIsoFourDigitsAreStillPostgresInput() {
        CopyText text = new CopyText(1);
        text.appendRow(List.of(OffsetDateTime.of(12_345, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC),
                OffsetDateTime.of(0, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC)));
        assertThat(text.toString()).isEqualTo("12345-01-02 03:04:05+00\t0001-01-02 03:04:05+00 BC\n");
    }

    @Test
    void growsPastItsInitialCapacityWhileEscaping() {
        char[] backslashes = new char[10_000];
        Arrays.fill(backslashes, '\\');
        List<Object> row = new ArrayList<>();
        row.add(new String(backslashes));
        CopyText text = new CopyText(8);
        text.appendRow(row);
        assertThat(text.size()).isEqualTo(20_001);
        assertThat(text.toString()).matches("\\\\{20000}\n");
    }
}
