package dev.syncline.runner.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.policy.PermissionCatalog;
import dev.syncline.connector.record.Json;
import dev.syncline.connector.spi.ConnectorMetrics;
import dev.syncline.connector.spi.Connectors;
import dev.syncline.runner.config.ConfigReader;
import dev.syncline.runner.config.Secret;
import dev.syncline.runner.config.SynclineConfig;
import dev.syncline.runner.config.YamlSource;
import dev.syncline.runner.inbox.EventCursor;
import dev.syncline.runner.inbox.InboxEvent;
import dev.syncline.runner.inbox.InboxRow;
import dev.syncline.runner.inbox.InboxStore;
import dev.syncline.runner.inbox.StripeEvents;
import dev.syncline.runner.policy.EventPolicy;
import dev.syncline.runner.policy.TestManifests;
import dev.syncline.runner.state.StateStore;
import dev.syncline.runner.stripe.RequestBudget;
import dev.syncline.runner.stripe.StripeApi;
import dev.syncline.sim.StripeSimulator;
import dev.syncline.testkit.postgres.PostgresFixture;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** The Events API poller against the simulator's {@code /v1/events}, with the inbox in a real Postgres. */
class EventsPollerIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String EVENTS = "GET /v1/events";
    private static final SynclineConfig.Events SETTINGS = new SynclineConfig.Events(60, List.of(), 25);

    @TempDir
    Path dir;

    private StripeSimulator simulator;
    private StripeApi api;
    private StateStore state;
    private InboxStore inbox;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> rebackfills = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        simulator = StripeSimulator.builder().seed(11).customers(10).start();
        api = api(simulator.baseUrl(), 2);
        PostgresFixture postgres = PostgresFixture.get();
        state = StateStore.connect("r2dbc:postgresql://" + postgres.user() + ":" + postgres.password() + "@" + postgres.host() + ":"
                + postgres.port() + "/" + postgres.createDatabase());
        state.migrate().block(TIMEOUT);
        inbox = state.inbox();
    }

    @AfterEach
    void stop() {
        state.close();
        api.close();
        simulator.close();
    }

    @Test
    void everyEventAfterInitialise_isStoredOnceOldestFirst_acrossPages_andAPollerOnTheSameStateGoesOnFromItsCursor() {
        EventsPoller poller = poller(everything());
        poller.initialise(null).block(TIMEOUT);
        EventCursor start = cursor();
        assertThat(start.eventId()).as("the cursor starts at the newest event that exists").isEqualTo(simulator.events().get(0).get("id"));

        createCustomers("cus_poll_", 250);
        assertThat(poller.pollOnce(null).block(TIMEOUT)).isEqualTo(250L);

        List<String> created = oldestFirst(newestFirstIdsAfter(start.eventId()));
        assertThat(created).hasSize(250);
        assertThat(inboxIds()).as("the inbox holds them once, in the order Stripe created them").isEqualTo(created);
        assertThat(cursor().eventId()).isEqualTo(created.get(created.size() - 1));
        assertThat(counter(PollerMetrics.STORED)).isEqualTo(250);
        assertThat(counter(PollerMetrics.READ)).isEqualTo(250);
        assertThat(registry.get(PollerMetrics.CURSOR_AGE).tag("account", "platform").gauge().value())
                .as("the cursor is the event just created").isBetween(0.0, 60.0);

        poller.initialise(null).block(TIMEOUT);
        assertThat(cursor().eventId()).as("initialise leaves an existing cursor alone").isEqualTo(created.get(created.size() - 1));

        simulator.counters().reset();
        EventsPoller restarted = poller(everything());
        assertThat(restarted.pollOnce(null).block(TIMEOUT)).as("nothing is read again").isZero();
        assertThat(simulator.counters().endpoint(EVENTS)).as("one page, empty").isEqualTo(1);

        createCustomers("cus_later_", 3);
        assertThat(restarted.pollOnce(null).block(TIMEOUT)).isEqualTo(3L);
        assertThat(inboxIds()).hasSize(253).doesNotHaveDuplicates();
        assertThat(rebackfills).isEmpty();
    }

    @Test
    void twoPollsOfOneAccountAtOnce_doNotBothRead() {
        EventsPoller poller = poller(everything());
        poller.initialise(null).block(TIMEOUT);
        createCustomers("cus_twice_", 120);

        var counts = Mono.zip(poller.pollOnce(null), poller.pollOnce(null)).block(TIMEOUT);

        assertThat(List.of(counts.getT1(), counts.getT2())).containsExactlyInAnyOrder(0L, 120L);
        assertThat(inboxIds()).hasSize(120).doesNotHaveDuplicates();
        assertThat(counter(PollerMetrics.READ)).isEqualTo(120);
    }

    @Test
    void eventsTheWebhookAlreadyDelivered_areNotStoredTwice() {
        EventsPoller poller = poller(everything());
        poller.initialise(null).block(TIMEOUT);
        String start = cursor().eventId();
        createCustomers("cus_hook_", 30);
        List<Map<String, Object>> delivered = simulator.events().subList(20, 30);
        inbox.append(delivered.stream().map(e -> StripeEvents.parse(Json.write(e), InboxEvent.Source.WEBHOOK)).toList()).block(TIMEOUT);

        assertThat(poller.pollOnce(null).block(TIMEOUT)).isEqualTo(30L);

        List<InboxRow> rows = rows();
        assertThat(rows).extracting(r -> r.event().eventId()).hasSize(30).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(newestFirstIdsAfter(start));
        assertThat(rows.stream().filter(r -> r.event().source() == InboxEvent.Source.WEBHOOK)).hasSize(10);
        assertThat(counter(PollerMetrics.STORED)).isEqualTo(20);
        assertThat(counter(PollerMetrics.DUPLICATES)).isEqualTo(10);
    }

    @Test
    void eventsOfTypesTheManifestDoesNotPermit_areDroppedAndCounted_theOthersStored() {
        EventsPoller poller = poller(policy(List.of(PermissionCatalog.EVENT_READ, "customer_read")));
        poller.initialise(null).block(TIMEOUT);
        createCustomers("cus_ok_", 4);
        for (int i = 0; i < 3; i++) {
            simulator.create("product", Map.of("id", "prod_denied_" + i, "name", "Denied " + i));
        }

        assertThat(poller.pollOnce(null).block(TIMEOUT)).isEqualTo(7L);

        assertThat(rows()).extracting(r -> r.event().eventType()).hasSize(4).containsOnly("customer.created");
        assertThat(registry.get(PollerMetrics.DROPPED).tag("reason", "policy").counter().count()).isEqualTo(3);
        assertThat(cursor().eventId()).as("the cursor moves past dropped events").isEqualTo(simulator.events().get(0).get("id"));
    }

    @Test
    void withoutEventRead_nothingIsRead() {
        EventsPoller poller = poller(policy(List.of("customer_read")));

        poller.initialise(null).block(TIMEOUT);
        createCustomers("cus_unseen_", 2);

        assertThat(poller.pollOnce(null).block(TIMEOUT)).isZero();
        assertThat(simulator.counters().endpoint(EVENTS)).isZero();
        assertThat(inbox.cursor(StripeEvents.PLATFORM_ACCOUNT).block(TIMEOUT)).isEmpty();
        assertThat(rows()).isEmpty();
    }

    @Test
    void aCursorOlderThanTheWarningAge_asksForOneRebackfill_andStillCatchesUpOldestFirst() {
        long created = simulator.now().minus(Duration.ofDays(26)).getEpochSecond();
        inbox.saveCursor(StripeEvents.PLATFORM_ACCOUNT, new EventCursor(null, created)).block(TIMEOUT);
        createCustomers("cus_late_", 150);
        EventsPoller poller = poller(everything());

        long read = poller.pollOnce(null).block(TIMEOUT);

        assertThat(rebackfills).singleElement().satisfies(call -> assertThat(call).startsWith("platform: ").contains("26 days old"));
        List<String> since = oldestFirst(simulator.events().stream().filter(e -> ((Number) e.get("created")).longValue() >= created)
                .map(e -> (String) e.get("id")).toList());
        assertThat(read).isEqualTo(since.size()).isGreaterThanOrEqualTo(150);
        assertThat(inboxIds()).isEqualTo(since);
        assertThat(cursor().eventId()).isEqualTo(simulator.events().get(0).get("id"));

        inbox.saveCursor(StripeEvents.PLATFORM_ACCOUNT, new EventCursor(null, created)).block(TIMEOUT);
        poller.pollOnce(null).block(TIMEOUT);
        assertThat(rebackfills).as("the same old cursor asks only once").hasSize(1);
        assertThat(counter(PollerMetrics.REBACKFILLS)).isEqualTo(1);
    }

    @Test
    void aCursorStripeNoLongerKnows_movesToTheNewestEvent_andAsksForOneRebackfill() {
        long created = simulator.now().minus(Duration.ofHours(1)).getEpochSecond();
        inbox.saveCursor(StripeEvents.PLATFORM_ACCOUNT, new EventCursor("evt_aged_out", created)).block(TIMEOUT);
        EventsPoller poller = poller(everything());

        assertThat(poller.pollOnce(null).block(TIMEOUT)).isZero();

        assertThat(rebackfills).singleElement().satisfies(call -> assertThat(call).startsWith("platform: ").contains("evt_aged_out", "30-day"));
        assertThat(cursor().eventId()).as("the poller goes on from the newest event").isEqualTo(simulator.events().get(0).get("id"));

        createCustomers("cus_after_", 2);
        assertThat(poller.pollOnce(null).block(TIMEOUT)).isEqualTo(2L);
        assertThat(rebackfills).hasSize(1);
        assertThat(counter(PollerMetrics.REBACKFILLS)).isEqualTo(1);
    }

    @Test
    void aFailingPoll_isCountedAndRetriedAtTheNextTick() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (StripeApi unreachable = api(URI.create("http://127.0.0.1:" + closedPort), 0)) {
            EventsPoller poller = new EventsPoller(unreachable, inbox, everything(), new SynclineConfig.Events(1, List.of(), 25),
                    Clock.systemUTC(), registry, this::rebackfill);
            Disposable running = poller.run(null).subscribe();
            try {
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (counter(PollerMetrics.POLLS_FAILED) < 3 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.dispose();
            }
        }
        assertThat(counter(PollerMetrics.POLLS_FAILED)).as("three ticks failed and the loop went on").isGreaterThanOrEqualTo(3);
    }

    private EventsPoller poller(EventPolicy policy) {
        return new EventsPoller(api, inbox, policy, SETTINGS, Clock.systemUTC(), registry, this::rebackfill);
    }

    private void rebackfill(String account, String reason) {
        rebackfills.add((account == null ? "platform" : account) + ": " + reason);
    }

    private static StripeApi api(URI base, int retries) {
        return new StripeApi(new SynclineConfig.Stripe(new Secret("sk_test_poller"), base, 1_000, retries), new RequestBudget(1_000),
                Clock.systemUTC());
    }

    private EventPolicy everything() {
        return policy(TestManifests.grantingEverything());
    }

    private EventPolicy policy(List<String> permissions) {
        return policy(TestManifests.write(dir, permissions, List.of()));
    }

    private EventPolicy policy(Path manifest) {
        SynclineConfig config = ConfigReader.read(YamlSource.parse(TestManifests.line(manifest) + """
                stripe: { api-key: sk_test_poller }
                pipelines:
                  - name: warehouse
                    objects: [customer]
                    destination: { type: postgres, url: embedded }
                """, "test.yaml"), Connectors.discover(), Map.<String, String>of()::get, dir);
        return config.policy().events(ConnectorMetrics.noop());
    }

    private void createCustomers(String prefix, int count) {
        IntStream.range(0, count).forEach(i -> simulator.create("customer", Map.of("id", prefix + i, "email", prefix + i + "@example.com")));
    }

    /** The simulator's events newer than {@code eventId}, newest first. */
    private List<String> newestFirstIdsAfter(String eventId) {
        List<String> ids = simulator.events().stream().map(e -> (String) e.get("id")).toList();
        return ids.subList(0, ids.indexOf(eventId));
    }

    private EventCursor cursor() {
        Optional<EventCursor> cursor = inbox.cursor(StripeEvents.PLATFORM_ACCOUNT).block(TIMEOUT);
        assertThat(cursor).isPresent();
        return cursor.get();
    }

    private List<InboxRow> rows() {
        return inbox.after(0, 10_000).collectList().block(TIMEOUT);
    }

    private List<String> inboxIds() {
        return rows().stream().map(r -> r.event().eventId()).toList();
    }

    private double counter(String name) {
        return registry.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static List<String> oldestFirst(List<String> newestFirst) {
        List<String> ids = new ArrayList<>(newestFirst);
        Collections.reverse(ids);
        return ids;
    }
}
