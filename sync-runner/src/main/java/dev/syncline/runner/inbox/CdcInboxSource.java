package dev.syncline.runner.inbox;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.io.IOException;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Streams the inbox through Debezium embedded (the Postgres connector on pgoutput logical
 * replication), one replication slot per pipeline.
 *
 * <p>How no row is missed or read twice: the slot is created (if missing) before anything is
 * read, so every row committed afterwards is in its stream; then the rows after the pipeline's
 * position are read from the table until none is left; then the stream takes over, skipping what
 * the table already gave. Inbox rows commit in {@code seq} order, so the stream's rows arrive in
 * that order too. Debezium's thread waits while the pipeline asks for nothing (see
 * {@link DemandGate}): backpressure reaches the replication stream, and WAL, not memory, holds the
 * backlog. The slot is dropped when the stream stops cleanly; after a crash it is reused.
 */
public final class CdcInboxSource implements InboxSource {
    private static final Logger log = LoggerFactory.getLogger(CdcInboxSource.class);
    /** The publication every pipeline's slot reads: just the inbox table. */
    public static final String PUBLICATION = "syncline_inbox";
    /** Every slot Syncline creates starts with this. */
    public static final String SLOT_PREFIX = "syncline_";

    private final InboxStore store;
    private final String stateUrl;
    private final String pipeline;

    /**
     * @param stateUrl the R2DBC URL of the state database, for Debezium's own connection
     * @param pipeline the pipeline the stream is for; it names the slot and the offsets
     */
    public CdcInboxSource(InboxStore store, String stateUrl, String pipeline) {
        this.store = store;
        this.stateUrl = stateUrl;
        this.pipeline = pipeline;
    }

    /** The replication slot of a pipeline. */
    public static String slotName(String pipeline) {
        return SLOT_PREFIX + pipeline.replace('-', '_');
    }

    @Override
    public Flux<InboxRow> rows(long seq) {
        return Flux.usingWhen(
                store.ensureReplication(PUBLICATION, slotName(pipeline))
                        .then(Mono.fromCallable(this::startStream).subscribeOn(Schedulers.boundedElastic())),
                stream -> {
                    AtomicLong last = new AtomicLong(seq);
                    Flux<InboxRow> live = stream.gate.flux()
                            .filter(row -> row.seq() > last.get())
                            .doOnNext(row -> last.set(row.seq()));
                    return PollingInboxSource.drain(store, last).concatWith(live);
                },
                stream -> Mono.fromRunnable(stream::close).subscribeOn(Schedulers.boundedElastic()));
    }

    private Stream startStream() {
        DemandGate<InboxRow> gate = new DemandGate<>();
        // Connect records, not JSON: every row's body would otherwise be escaped into a JSON envelope
        // and parsed out again, CPU that webhook latency pays for on two cores.
        DebeziumEngine<RecordChangeEvent<SourceRecord>> engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(properties())
                .notifying((records, committer) -> {
                    for (RecordChangeEvent<SourceRecord> record : records) {
                        InboxRow row = toRow(record.record().value());
                        if (row != null) {
                            gate.put(row);
                        }
                        committer.markProcessed(record);
                    }
                    committer.markBatchFinished();
                })
                .using((success, message, error) -> {
                    if (!success) {
                        log.error("{}: the inbox change stream stopped: {}", pipeline, message);
                        gate.error(new IllegalStateException("the inbox change stream stopped: " + message, error));
                    }
                })
                .build();
        ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "syncline-inbox-cdc-" + pipeline);
            thread.setDaemon(true);
            return thread;
        });
        executor.execute(engine);
        log.info("{}: streaming the inbox through replication slot {}", pipeline, slotName(pipeline));
        return new Stream(engine, executor, gate);
    }

    private Properties properties() {
        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(stateUrl);
        String host = String.valueOf(options.getRequiredValue(ConnectionFactoryOptions.HOST));
        Object port = options.getValue(ConnectionFactoryOptions.PORT);
        String database = String.valueOf(options.getRequiredValue(ConnectionFactoryOptions.DATABASE));
        String user = String.valueOf(options.getRequiredValue(ConnectionFactoryOptions.USER));
        Object password = options.getValue(ConnectionFactoryOptions.PASSWORD);
        String passwordText = password == null ? "" : password.toString();
        String portText = port == null ? "5432" : port.toString();
        Properties props = new Properties();
        props.setProperty("name", "syncline-inbox-" + pipeline);
        props.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        props.setProperty("offset.storage", StateOffsetStore.class.getName());
        props.setProperty(StateOffsetStore.URL, "jdbc:postgresql://" + host + ":" + portText + "/" + database);
        props.setProperty(StateOffsetStore.USER, user);
        props.setProperty(StateOffsetStore.PASSWORD, passwordText);
        props.setProperty(StateOffsetStore.NAME, slotName(pipeline));
        props.setProperty("offset.flush.interval.ms", "1000");
        // Debezium's Postgres stream sleeps this long whenever no WAL message is pending; its 500 ms default
        // alone made webhooks take ~0.9 s to reach the warehouse at 500/s (docs/benchmarks.md, webhook-latency).
        props.setProperty("poll.interval.ms", "10");
        props.setProperty("database.hostname", host);
        props.setProperty("database.port", portText);
        props.setProperty("database.user", user);
        props.setProperty("database.password", passwordText);
        props.setProperty("database.dbname", database);
        props.setProperty("topic.prefix", slotName(pipeline));
        props.setProperty("plugin.name", "pgoutput");
        props.setProperty("slot.name", slotName(pipeline));
        props.setProperty("slot.drop.on.stop", "true");
        props.setProperty("publication.name", PUBLICATION);
        props.setProperty("publication.autocreate.mode", "disabled");
        props.setProperty("table.include.list", "syncline.inbox");
        props.setProperty("snapshot.mode", "no_data");
        props.setProperty("tombstones.on.delete", "false");
        return props;
    }

    /** An inserted inbox row from a change event; null for anything else (pruning deletes). */
    private static @Nullable InboxRow toRow(@Nullable Object value) {
        if (!(value instanceof Struct change)) {
            return null;
        }
        String op = change.getString("op");
        if (!"c".equals(op) && !"r".equals(op)) {
            return null;
        }
        Struct after = change.getStruct("after");
        if (after == null) {
            return null;
        }
        return new InboxRow(after.getInt64("seq"), new InboxEvent(after.getString("event_id"), after.getString("account_id"),
                after.getString("event_type"), after.getString("object_type"), after.getString("object_id"), after.getInt64("created"),
                InboxEvent.Source.valueOf(after.getString("source")), InboxEvent.Kind.valueOf(after.getString("kind")),
                after.getString("body")));
    }

    /** A running engine and the gate its rows pass through. */
    private record Stream(DebeziumEngine<RecordChangeEvent<SourceRecord>> engine, ExecutorService executor, DemandGate<InboxRow> gate) {
        void close() {
            try {
                engine.close();
            } catch (IOException e) {
                log.warn("The inbox change stream did not stop cleanly: {}", e.getMessage());
            }
            executor.shutdown();
            try {
                if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
