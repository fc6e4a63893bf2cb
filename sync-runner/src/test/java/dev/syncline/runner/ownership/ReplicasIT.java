package dev.syncline.runner.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncline.connector.record.Json;
import dev.syncline.connector.schema.ObjectSchema;
import dev.syncline.runner.policy.TestManifests;
import dev.syncline.runner.state.EmbeddedPostgresServer;
import dev.syncline.sim.StripeSimulator;
import dev.syncline.sim.webhooks.WebhookSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * Three replicas, each its own process, against one state database and one simulator, with three
 * pipelines over disjoint object types. Each pipeline runs on exactly one replica: every object is
 * listed and delivered once in all, the simulator answered no more list pages than the owners read,
 * and each pipeline's replication slot has one reader. Then, under mutations, the owner of a
 * pipeline is killed with SIGKILL: another replica takes it within the lease period, and the
 * warehouse ends equal to Stripe.
 */
class ReplicasIT {
    private static final Logger log = LoggerFactory.getLogger(ReplicasIT.class);
    private static final int LEASE_SECONDS = 6;
    private static final Map<String, List<String>> PIPELINES = new LinkedHashMap<>();
    private static final String SECRET = "whsec_replicas";

    static {
        PIPELINES.put("billing", List.of("customer", "subscription", "invoice"));
        PIPELINES.put("catalog", List.of("product", "price"));
        PIPELINES.put("payments", List.of("payment_intent", "charge"));
    }

    private static final List<String> TYPES = PIPELINES.values().stream().flatMap(List::stream).toList();
    /** The simulator's list endpoint of each type. */
    private static final Map<String, String> LISTS = Map.of("customer", "GET /v1/customers", "subscription", "GET /v1/subscriptions",
            "invoice", "GET /v1/invoices", "product", "GET /v1/products", "price", "GET /v1/prices",
            "payment_intent", "GET /v1/payment_intents", "charge", "GET /v1/charges");

    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @Test
    void threeReplicasShareThePipelines_andAKilledOwnersWorkMovesWithinTheLease() throws Exception {
        WebhookSettings webhooks = WebhookSettings.builder().maxAttempts(3).backoff(Duration.ofMillis(200), Duration.ofSeconds(1)).build();
        try (StripeSimulator simulator = StripeSimulator.builder().seed(31).customers(200).objectTypes(TYPES.toArray(String[]::new))
                .webhooks(webhooks).start();
             EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("postgres"), EmbeddedPostgresServer.freePort())) {
            List<RunnerReplica> replicas = new ArrayList<>();
            try {
                for (int i = 1; i <= 3; i++) {
                    RunnerReplica replica = new RunnerReplica("r" + i, EmbeddedPostgresServer.freePort(), work.resolve("r" + i + ".log"));
                    simulator.addWebhookEndpoint(URI.create("http://127.0.0.1:" + replica.httpPort() + "/webhooks/stripe"), SECRET);
                    replica.start(writeConfig(simulator, postgres, replica));
                    replicas.add(replica);
                }
                Map<String, RunnerReplica> owners = awaitBackfilled(replicas, Duration.ofMinutes(3));
                log.info("owners after the backfill: {}", owners.keySet().stream().map(p -> p + "=" + owners.get(p).id()).toList());

                assertEachPipelineRanOnce(simulator, replicas, owners);
                assertOneReaderPerSlot(postgres, owners);

                Disposable mutations = simulator.startMutations(40);
                try {
                    Thread.sleep(3_000);
                    RunnerReplica victim = owners.get("billing");
                    Set<String> victimsPipelines = new HashSet<>();
                    owners.forEach((pipeline, owner) -> {
                        if (owner == victim) {
                            victimsPipelines.add(pipeline);
                        }
                    });
                    long killed = System.nanoTime();
                    victim.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                    log.info("killed {}, the owner of {}", victim.id(), victimsPipelines);
                    for (String pipeline : victimsPipelines) {
                        String next = awaitOwner(postgres, "pipeline:" + pipeline, victim.id(), Duration.ofSeconds(LEASE_SECONDS * 3L));
                        double seconds = (System.nanoTime() - killed) / 1e9;
                        log.info("{} moved to {} {} s after the kill", pipeline, next, seconds);
                        assertThat(seconds).as("%s moved within the lease period (%d s) of the kill", pipeline, LEASE_SECONDS)
                                .isLessThanOrEqualTo(LEASE_SECONDS + 1.0);
                    }
                    Thread.sleep(8_000);
                } finally {
                    mutations.dispose();
                }
                assertConverged(simulator, postgres, replicas, Duration.ofMinutes(2));
                for (RunnerReplica replica : replicas) {
                    assertThat(Files.readString(replica.log())).as("%s's log", replica.id())
                            .doesNotContain("change stream stopped").doesNotContain("Pipeline billing failed")
                            .doesNotContain("Pipeline catalog failed").doesNotContain("Pipeline payments failed");
                }
            } finally {
                for (RunnerReplica replica : replicas) {
                    replica.stop();
                }
            }
        }
    }

    /** Waits until every pipeline streams on one replica; returns each pipeline's owner. */
    private Map<String, RunnerReplica> awaitBackfilled(List<RunnerReplica> replicas, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, RunnerReplica> owners = new HashMap<>();
        while (System.nanoTime() < deadline) {
            owners.clear();
            for (RunnerReplica replica : replicas) {
                assertThat(replica.process().isAlive()).as("%s runs:\n%s", replica.id(), Files.exists(replica.log()) ? Files.readString(replica.log()) : "")
                        .isTrue();
                for (Map<String, Object> pipeline : pipelines(replica)) {
                    if ("streaming".equals(pipeline.get("state"))) {
                        owners.merge((String) pipeline.get("name"), replica, (a, b) -> {
                            throw new AssertionError(pipeline.get("name") + " streams on two replicas: " + a.id() + " and " + b.id());
                        });
                    }
                }
            }
            if (owners.keySet().equals(PIPELINES.keySet())) {
                return owners;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the pipelines did not all finish their backfill on a replica in " + timeout + "; owners " + owners);
    }

    /** Per pipeline, one replica read and delivered each object once; the others stood by. */
    private void assertEachPipelineRanOnce(StripeSimulator simulator, List<RunnerReplica> replicas, Map<String, RunnerReplica> owners) throws Exception {
        long pagesRead = 0;
        for (RunnerReplica replica : replicas) {
            for (Map<String, Object> pipeline : pipelines(replica)) {
                String name = (String) pipeline.get("name");
                boolean owner = owners.get(name) == replica;
                assertThat(pipeline.get("state")).as("%s on %s", name, replica.id()).isEqualTo(owner ? "streaming" : "standby");
                for (Object raw : (List<?>) pipeline.get("objects")) {
                    Map<?, ?> type = (Map<?, ?>) raw;
                    long read = ((Number) type.get("objects_read")).longValue();
                    long delivered = ((Number) type.get("objects_delivered")).longValue();
                    int truth = simulator.groundTruth().count((String) type.get("object_type"));
                    assertThat(read).as("%s %s objects read on %s", name, type.get("object_type"), replica.id()).isEqualTo(owner ? truth : 0);
                    assertThat(delivered).as("%s %s objects delivered on %s", name, type.get("object_type"), replica.id())
                            .isEqualTo(owner ? truth : 0);
                    pagesRead += ((Number) type.get("pages_read")).longValue();
                }
            }
        }
        long listed = TYPES.stream().mapToLong(t -> simulator.counters().endpoint(LISTS.get(t))).sum();
        assertThat(listed).as("list pages the simulator answered, against those the owners read (%s)", simulator.counters())
                .isEqualTo(pagesRead);
    }

    /**
     * Each pipeline's slot exists once and is read by one connection, from its owner. A small
     * backfill can end before its owner's change stream has attached, so the readers get a while.
     */
    private static void assertOneReaderPerSlot(EmbeddedPostgresServer postgres, Map<String, RunnerReplica> owners) throws Exception {
        Map<String, Boolean> slots = slots(postgres);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!owners.keySet().stream().allMatch(p -> Boolean.TRUE.equals(slots.get("syncline_" + p))) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            slots.clear();
            slots.putAll(slots(postgres));
        }
        for (String pipeline : owners.keySet()) {
            assertThat(slots).as("replication slots").containsEntry("syncline_" + pipeline, true);
        }
        Map<String, String> leases = leases(postgres);
        owners.forEach((pipeline, owner) -> assertThat(leases).containsEntry("pipeline:" + pipeline, owner.id()));
    }

    private static Map<String, Boolean> slots(EmbeddedPostgresServer postgres) throws Exception {
        Map<String, Boolean> slots = new HashMap<>();
        try (Connection state = postgres.connect("syncline"); Statement s = state.createStatement();
             ResultSet r = s.executeQuery("SELECT slot_name, active FROM pg_replication_slots")) {
            while (r.next()) {
                slots.put(r.getString(1), r.getBoolean(2));
            }
        }
        return slots;
    }

    private static Map<String, String> leases(EmbeddedPostgresServer postgres) throws Exception {
        Map<String, String> leases = new HashMap<>();
        try (Connection state = postgres.connect("syncline"); Statement s = state.createStatement();
             ResultSet r = s.executeQuery("SELECT name, owner FROM syncline.leases WHERE expires_at > now()")) {
            while (r.next()) {
                leases.put(r.getString(1), r.getString(2));
            }
        }
        return leases;
    }

    /** Waits until the lease is held by a replica other than {@code previous}; returns it. */
    private static String awaitOwner(EmbeddedPostgresServer postgres, String lease, String previous, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String owner = leases(postgres).get(lease);
            if (owner != null && !owner.equals(previous)) {
                return owner;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(lease + " was not taken over in " + timeout);
    }

    /** Waits until every type's live objects in the warehouse equal the simulator's, content included. */
    private static void assertConverged(StripeSimulator simulator, EmbeddedPostgresServer postgres, List<RunnerReplica> replicas, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, List<Set<String>>> differences = Map.of();
        while (System.nanoTime() < deadline) {
            differences = differences(simulator, postgres);
            if (differences.isEmpty()) {
                return;
            }
            Thread.sleep(1_000);
        }
        StringBuilder logs = new StringBuilder();
        for (RunnerReplica replica : replicas) {
            Files.copy(replica.log(), Path.of("target", "replicas-" + replica.id() + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            logs.append(' ').append("target/replicas-").append(replica.id()).append(".log");
        }
        throw new AssertionError("warehouse against Stripe (missing, extra, stale per type): " + differences + "; logs in" + logs);
    }

    private static Map<String, List<Set<String>>> differences(StripeSimulator simulator, EmbeddedPostgresServer postgres) throws Exception {
        Map<String, List<Set<String>>> byType = new HashMap<>();
        try (Connection warehouse = postgres.connect("warehouse")) {
            for (String type : TYPES) {
                Map<String, Object> expected = new HashMap<>();
                simulator.groundTruth().objects(type).forEach(o -> expected.put(String.valueOf(o.get("id")), Json.parseObject(Json.write(o))));
                Map<String, Object> actual = new HashMap<>();
                try (Statement s = warehouse.createStatement(); ResultSet r = s.executeQuery("SELECT id, _raw::text FROM stripe."
                        + ObjectSchema.collectionName(type) + " WHERE NOT _deleted")) {
                    while (r.next()) {
                        actual.put(r.getString(1), Json.parseObject(r.getString(2)));
                    }
                }
                Set<String> missing = new HashSet<>(expected.keySet());
                missing.removeAll(actual.keySet());
                Set<String> extra = new HashSet<>(actual.keySet());
                extra.removeAll(expected.keySet());
                Set<String> stale = new HashSet<>();
                expected.forEach((id, object) -> {
                    if (actual.containsKey(id) && !actual.get(id).equals(object)) {
                        stale.add(id);
                    }
                });
                if (!missing.isEmpty() || !extra.isEmpty() || !stale.isEmpty()) {
                    byType.put(type, List.of(missing, extra, stale));
                }
            }
        } catch (java.sql.SQLException e) {
            byType.put("?", List.of(Set.of(String.valueOf(e.getMessage()))));
        }
        return byType;
    }

    private List<Map<String, Object>> pipelines(RunnerReplica replica) throws Exception {
        try {
            HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.httpPort() + "/status"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (status.statusCode() != 200) {
                return List.of();
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> pipelines = (List<Map<String, Object>>) Json.parseObject(status.body()).get("pipelines");
            return pipelines;
        } catch (IOException e) {
            return List.of(); // not listening yet
        }
    }

    private Path writeConfig(StripeSimulator simulator, EmbeddedPostgresServer postgres, RunnerReplica replica) throws IOException {
        StringBuilder pipelines = new StringBuilder();
        PIPELINES.forEach((name, objects) -> pipelines.append("""
                  - name: %s
                    objects: [%s]
                    batch-size: 100
                    backfill: { parallelism: 4 }
                    destination: { type: postgres, url: "%s" }
                """.formatted(name, String.join(", ", objects), postgres.r2dbcUrl("warehouse"))));
        Path config = work.resolve(replica.id() + ".yaml");
        Files.writeString(config, """
                %sstripe:
                  api-key: sk_test_replicas
                  api-base: "%s"
                  rate-limit: { requests-per-second: 300 }
                  webhook: { path: /webhooks/stripe, secrets: ["%s"] }
                  events: { poll-interval-seconds: 2 }
                egress: { allow: ["%s"] }
                inbox: { mode: cdc }
                state: { url: "%s", data-dir: "%s", embedded-port: %d }
                server: { address: 127.0.0.1, port: %d }
                ownership: { lease-seconds: %d, replica-id: %s }
                pipelines:
                %s""".formatted(TestManifests.line(TestManifests.grantingEverything()), simulator.baseUrl(), SECRET,
                postgres.r2dbcUrl("warehouse"), postgres.r2dbcUrl("syncline"), work.resolve(replica.id()), EmbeddedPostgresServer.freePort(),
                replica.httpPort(), LEASE_SECONDS, replica.id(), pipelines));
        return config;
    }
}
