package dev.syncline.helm;

import static dev.syncline.helm.RenderedChart.list;
import static dev.syncline.helm.RenderedChart.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard shipped in the chart asks Prometheus only for metrics Syncline documents. */
class DashboardTest {
    /** What Micrometer's Prometheus registry appends to a meter's name (unit, counter and summary suffixes). */
    private static final List<String> SUFFIXES = List.of("", "_total", "_seconds", "_seconds_count", "_seconds_sum", "_seconds_max",
            "_count", "_sum", "_max", "_requests_s");
    private static final Pattern PROMETHEUS_NAME = Pattern.compile("\\bsyncline_[a-z_]+");
    private static final Pattern DOCUMENTED_NAME = Pattern.compile("`(syncline\\.[a-z_.]+)");

    @Test
    void everyQueriedMetricIsOneSynclineDocuments() throws IOException {
        Set<String> documented = documentedMetrics();
        assertThat(documented).contains("syncline.records.delivered", "syncline.webhooks.received", "syncline.dead_letters.pending");
        Set<String> queried = queriedMetrics();
        assertThat(queried).isNotEmpty();
        for (String name : queried) {
            assertThat(documented.stream().anyMatch(d -> SUFFIXES.stream().anyMatch(s -> name.equals(d.replace('.', '_') + s))))
                    .as("%s is the Prometheus name of a metric documented in sync-runner/README.md or docs/", name).isTrue();
        }
    }

    @Test
    void theDashboardCoversEveryMetricFamilyOfTheRunner() throws IOException {
        Set<String> queried = queriedMetrics();
        for (String family : List.of("syncline_stripe_requests", "syncline_stripe_throttled", "syncline_stripe_budget",
                "syncline_backfill_objects_read", "syncline_backfill_pages_read", "syncline_backfill_objects_delivered",
                "syncline_backfill_complete", "syncline_backfill_failed", "syncline_backfill_completion", "syncline_backfill_eta", "syncline_records_delivered", "syncline_records_ties",
                "syncline_records_dead_lettered", "syncline_webhooks_received", "syncline_webhooks_append", "syncline_inbox_append_batch",
                "syncline_events_read", "syncline_events_stored", "syncline_events_duplicates", "syncline_events_dropped",
                "syncline_events_polls_failed", "syncline_events_rebackfills", "syncline_events_cursor_age",
                "syncline_dead_letters_pending", "syncline_dead_letters_oldest_age", "syncline_records_received", "syncline_events_lag",
                "syncline_destination_write", "syncline_lanes_fill")) {
            assertThat(queried).as("a panel over %s", family).anyMatch(name -> name.startsWith(family));
        }
    }

    @Test
    void panelsHaveUniqueIdsAndFitTheGrid() throws IOException {
        Map<String, Object> dashboard = dashboard();
        assertThat(dashboard.get("uid")).isEqualTo("syncline");
        Set<Object> ids = new HashSet<>();
        for (Object raw : list(dashboard.get("panels"))) {
            Map<String, Object> panel = map(raw);
            assertThat(ids.add(panel.get("id"))).as("panel id %s is unique", panel.get("id")).isTrue();
            Map<String, Object> grid = map(panel.get("gridPos"));
            assertThat((Integer) grid.get("x") + (Integer) grid.get("w")).as("panel %s fits 24 columns", panel.get("title"))
                    .isLessThanOrEqualTo(24);
            if (!"row".equals(panel.get("type"))) {
                assertThat(panel.get("description")).as("panel %s says what it shows", panel.get("title")).isNotNull();
                assertThat(list(panel.get("targets"))).isNotEmpty();
            }
        }
    }

    private static Set<String> queriedMetrics() throws IOException {
        Set<String> names = new TreeSet<>();
        for (Object raw : list(dashboard().get("panels"))) {
            Object targets = map(raw).get("targets");
            if (targets == null) {
                continue;
            }
            for (Object target : list(targets)) {
                Matcher m = PROMETHEUS_NAME.matcher((String) map(target).get("expr"));
                while (m.find()) {
                    names.add(m.group());
                }
            }
        }
        return names;
    }

    private static Set<String> documentedMetrics() throws IOException {
        Path root = RenderedChart.repositoryRoot();
        List<Path> docs = new ArrayList<>(List.of(root.resolve("sync-runner/README.md")));
        try (var files = Files.list(root.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).forEach(docs::add);
        }
        Set<String> names = new TreeSet<>();
        for (Path doc : docs) {
            Matcher m = DOCUMENTED_NAME.matcher(Files.readString(doc));
            while (m.find()) {
                names.add(m.group(1).replaceAll("\\.$", ""));
            }
        }
        return names;
    }

    private static Map<String, Object> dashboard() throws IOException {
        return map(RenderedChart.yaml().load(Files.readString(RenderedChart.chartDir().resolve("dashboards/syncline.json"))));
    }
}
