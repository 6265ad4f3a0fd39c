package io.tickwire.nats.feed;

import io.tickwire.agent.Agent;
import io.tickwire.agent.AgentRunner;
import io.tickwire.agent.Backoff;
import io.tickwire.agent.IdleStrategy;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamState;
import io.nats.client.impl.Headers;
import io.tickwire.nats.NatsConnections;
import io.tickwire.nats.wire.BatchFrame;
import io.tickwire.nats.wire.PartAssembler;
import io.tickwire.nats.wire.PublishedBatch;
import io.tickwire.server.config.JetStreamConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reader of a core's batches from JetStream, in order, each once: one consumer for the whole
 * node (never one per client), as a gateway needs. It starts after a batch it names (the batch of
 * the state it bootstrapped from), puts cut batches back together, drops a batch it already
 * delivered, and says so when the stream skips batches or the core's epoch changes. When NATS goes
 * away it reconnects with backoff and goes on from the stream position after the last batch it
 * delivered.
 *
 * <p>It runs on its own thread ({@code tickwire-nats-feed}) and calls its {@link BatchListener}
 * there, in batch order.
 */
public final class JetStreamFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JetStreamFeed.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final JetStreamConfig config;
    private final BatchListener listener;
    /** Runs {@link Reader} on {@code tickwire-nats-feed}. */
    private final AgentRunner runner;
    private volatile boolean connected;
    private volatile long lastBatch;
    private volatile String epoch;
    private volatile long connects;
    private volatile long lag;
    private long lagCheckedAt;

    /** Where the next batch starts on the stream, once known: the next message to read. */
    private long nextStreamSeq;
    private Connection connection;
    /** The reconnect loop's waits: 100 ms to 2 s, full jitter. */
    private final Backoff.Attempts reconnects =
            Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(2)).fullJitter().attempts();
    private long retryAtNanos;

    /**
     * A feed of the batches of {@code epoch} after {@code afterBatch} ({@code epoch} null: from the
     * start of the stream, whatever its epoch).
     */
    public JetStreamFeed(JetStreamConfig config, String epoch, long afterBatch, BatchListener listener) {
        this.config = config;
        this.listener = listener;
        this.epoch = epoch;
        this.lastBatch = afterBatch;
        // Connected, the reader waits in the subscription (up to POLL); away, it parks until its next try.
        this.runner = new AgentRunner(new Reader(),
                IdleStrategy.parking(() -> connection == null ? Math.max(1, retryAtNanos - System.nanoTime()) : 0),
                e -> log.error("JetStream feed of {} stopped", config.stream(), e)).closeBound(Duration.ofSeconds(5));
    }

    /** Starts reading. */
    public JetStreamFeed start() {
        runner.start();
        return this;
    }

    /** The last batch delivered (the start point before the first). */
    public long lastBatch() {
        return lastBatch;
    }

    /** The epoch of the batches delivered (null before the first, when started without one). */
    public String epoch() {
        return epoch;
    }

    /** How many times the feed connected again after losing NATS. */
    public long reconnects() {
        return Math.max(0, connects - 1);
    }

    /** Messages on the stream after the last one read (batches, or parts of them), as of the last second. */
    public long lag() {
        return lag;
    }

    /** Whether the feed is connected to NATS and reading. */
    public boolean connected() {
        return connected;
    }

    /** The feed's thread: connects, subscribes from {@code nextStreamSeq}, and delivers one message a round. */
    private final class Reader implements Agent {
        private PartAssembler assembler = new PartAssembler();
        private JetStreamSubscription subscription;
        private long batchStartSeq;

        @Override
        public String roleName() {
            return "nats-feed";
        }

        @Override
        public int doWork() throws InterruptedException {
            try {
                if (connection == null) {
                    if (System.nanoTime() - retryAtNanos < 0) {
                        return 0;
                    }
                    if (!connect()) {
                        retryAtNanos = System.nanoTime() + reconnects.nextDelayNanos();
                        return 0;
                    }
                }
                if (subscription == null) {
                    subscription = subscribe();
                    batchStartSeq = nextStreamSeq;
                }
                return readOne(this);
            } catch (IOException | JetStreamApiException | IllegalStateException e) {
                if (connected) {
                    log.warn("JetStream feed of {} lost after batch {}: {}; reconnecting", config.stream(),
                            lastBatch, e.toString());
                }
                drop();
                subscription = null;
                assembler = new PartAssembler();
                retryAtNanos = System.nanoTime() + reconnects.nextDelayNanos();
                return 0;
            }
        }

        @Override
        public void onClose() {
            if (subscription != null && connection != null) {
                try {
                    subscription.unsubscribe();
                } catch (RuntimeException e) {
                    log.debug("JetStream feed: unsubscribe on close: {}", e.toString());
                }
            }
            drop();
        }
    }

    private boolean connect() throws InterruptedException {
        try {
            connection = NatsConnections.connect(config, "tickwire-node-feed");
            if (nextStreamSeq == 0) {
                nextStreamSeq = firstSeqAfter(connection.jetStreamManagement());
            }
            connected = true;
            reconnects.reset();
            connects++; // the feed's thread alone writes it
            log.info("JetStream feed of {}: reading from stream sequence {} (after batch {})", config.stream(),
                    nextStreamSeq, lastBatch);
            return true;
        } catch (IOException | JetStreamApiException e) {
            log.debug("JetStream feed: cannot connect: {}", e.toString());
            drop();
            return false;
        }
    }

    /**
     * The stream sequence of the first message of the first batch after {@code lastBatch} of
     * {@code epoch}: a binary search, since batches are in order on the stream (the messages of an
     * earlier epoch come first).
     */
    private long firstSeqAfter(JetStreamManagement jsm) throws IOException, JetStreamApiException {
        StreamState state = jsm.getStreamInfo(config.stream()).getStreamState();
        long lo = Math.max(1, state.getFirstSequence());
        long hi = state.getLastSequence() + 1; // the answer is in [lo, hi]; hi: nothing there yet
        if (epoch == null) {
            return lo;
        }
        while (lo < hi) {
            long mid = lo + (hi - lo) / 2;
            if (isAfterStart(jsm.getMessage(config.stream(), mid))) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private boolean isAfterStart(MessageInfo message) {
        Headers headers = message.getHeaders();
        return headers != null && epoch.equals(headers.getFirst(BatchFrame.EPOCH))
                && Long.parseLong(headers.getFirst(BatchFrame.BATCH)) > lastBatch;
    }

    private JetStreamSubscription subscribe() throws IOException, JetStreamApiException {
        ConsumerConfiguration consumer = ConsumerConfiguration.builder()
                .filterSubject(config.subject())
                .deliverPolicy(DeliverPolicy.ByStartSequence)
                .startSequence(nextStreamSeq)
                .build();
        return connection.jetStream().subscribe(config.subject(),
                PushSubscribeOptions.builder().stream(config.stream()).ordered(true).configuration(consumer).build());
    }

    /** Waits up to {@link #POLL} for the next message and takes it; returns 1 for a message, 0 for none. */
    private int readOne(Reader reader) throws IOException, JetStreamApiException, InterruptedException {
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            throw new IOException("connection " + connection.getStatus());
        }
        Message message = reader.subscription.nextMessage(POLL);
        long now = System.nanoTime();
        if (now - lagCheckedAt > TimeUnit.SECONDS.toNanos(1)) {
            lagCheckedAt = now;
            long last = connection.jetStreamManagement().getStreamInfo(config.stream()).getStreamState()
                    .getLastSequence();
            long read = message == null ? nextStreamSeq - 1 : message.metaData().streamSequence();
            lag = Math.max(0, last - read);
        }
        if (message == null) {
            return 0;
        }
        long seq = message.metaData().streamSequence();
        Headers headers = message.getHeaders();
        String part = headers == null ? null : headers.getFirst(BatchFrame.PART);
        if (part != null && part.startsWith("1/")) {
            reader.batchStartSeq = seq;
        }
        Optional<PublishedBatch> whole;
        try {
            whole = reader.assembler.accept(headers == null ? null : headers.getFirst(BatchFrame.EPOCH),
                    headers == null ? null : headers.getFirst(BatchFrame.BATCH), part, message.getData());
        } catch (IllegalArgumentException e) {
            log.warn("JetStream feed: message {} of {} is not a Tickwire batch ({}); skipped", seq,
                    config.stream(), e.getMessage());
            nextStreamSeq = seq + 1;
            return 1;
        }
        if (whole.isEmpty()) {
            nextStreamSeq = reader.batchStartSeq; // a reconnect re-reads a batch cut midway from its first part
            return 1;
        }
        nextStreamSeq = seq + 1;
        deliver(whole.get());
        return 1;
    }

    private void deliver(PublishedBatch batch) {
        if (epoch == null || !epoch.equals(batch.epoch())) {
            if (epoch != null) {
                listener.onEpoch(epoch, batch.epoch());
            }
            epoch = batch.epoch();
            lastBatch = batch.number() - 1;
        }
        if (batch.number() <= lastBatch) {
            return; // published twice outside the deduplication window
        }
        if (batch.number() != lastBatch + 1) {
            listener.onHole(lastBatch + 1, batch.number() - 1);
        }
        listener.onBatch(batch);
        lastBatch = batch.number();
    }

    private void drop() {
        connected = false;
        NatsConnections.closeQuietly(connection);
        connection = null;
    }

    /** Stops reading, and closes the connection. */
    @Override
    public void close() {
        runner.close();
    }
}
