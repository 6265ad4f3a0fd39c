package io.tickwire.nats.publish;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.tickwire.agent.Agent;
import io.tickwire.agent.Backoff;
import io.tickwire.agent.SpscQueue;
import io.tickwire.engine.event.Receipt;
import io.tickwire.journal.CommittedBatch;
import io.tickwire.journal.Journal;
import io.tickwire.journal.JournalEvent;
import io.tickwire.nats.NatsConnections;
import io.tickwire.server.config.JetStreamConfig;
import io.tickwire.nats.wire.BatchFrame;
import io.tickwire.server.core.CoreBatch;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher's own thread: connects to NATS, makes sure the stream exists, publishes each
 * durable batch with its message id and keeps a window of them in flight, and counts what
 * JetStream acknowledged. Everything here is owned by that one thread; the proxy
 * ({@link JetStreamPublisher}) only queues batches and reads the published counters.
 *
 * <p>While the batches come in order it publishes them as they come. When it loses its place (NATS
 * down, an acknowledgement that does not come, the hand-off queue full) it forgets what was in
 * flight, goes back to the last batch JetStream acknowledged, and reads the journal from there,
 * then takes the queue again where the journal left off. Batches published twice on the way share
 * a message id, and JetStream drops the second.
 */
final class PublisherAgent implements Agent {
    private static final Logger log = LoggerFactory.getLogger(PublisherAgent.class);
    /** Room left in a NATS message for the headers (id, epoch, batch, part). */
    private static final int HEADER_ROOM = 1024;
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long MARK_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long CONNECTED_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final JetStreamConfig config;
    private final SpscQueue<CommittedBatch<CoreBatch>> queue;
    private final PublisherState state;
    private final PublishedMark mark;
    private final Journal<CoreBatch> journal;
    private final String epoch;
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    /** False once the publisher closes: a long read of the journal stops there. */
    private final BooleanSupplier running;
    /** The reconnect loop's waits: 100 ms to 2 s, full jitter. */
    private final Backoff.Attempts reconnects =
            Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(2)).fullJitter().attempts();

    private Connection connection;
    private JetStream jetStream;
    private int maxPart;
    private long lastSent;
    private boolean inPlace;
    private long retryAtNanos;
    private long lastMarkNanos;
    private volatile boolean failed;

    /** One published batch awaiting JetStream's acknowledgement of each of its parts. */
    private record InFlight(long batch, long sentNanos, List<CompletableFuture<PublishAck>> acks) {
        boolean done() {
            for (CompletableFuture<PublishAck> ack : acks) {
                if (!ack.isDone()) {
                    return false;
                }
            }
            return true;
        }
    }

    PublisherAgent(JetStreamConfig config, SpscQueue<CommittedBatch<CoreBatch>> queue, PublisherState state,
                   PublishedMark mark, Journal<CoreBatch> journal, BooleanSupplier running) {
        this.config = config;
        this.running = running;
        this.queue = queue;
        this.state = state;
        this.mark = mark;
        this.journal = journal;
        this.epoch = journal.epoch();
    }

    @Override
    public String roleName() {
        return "nats-publisher";
    }

    @Override
    public void onStart() {
        state.acknowledged(mark.read(epoch));
        lastSent = state.lastAcked();
    }

    @Override
    public int doWork() throws InterruptedException {
        if (connection == null) {
            if (System.nanoTime() - retryAtNanos < 0) {
                return 0; // backing off; the runner parks for what is left of it
            }
            if (!connect()) {
                retryAtNanos = System.nanoTime() + reconnects.nextDelayNanos();
                return 0;
            }
            return 1;
        }
        int work = step();
        if (work < 0) {
            lostPlace();
            work = 0;
        }
        markNow(false);
        return work;
    }

    /** A batch waits and the thread can publish it now (never while backing off: it must not spin). */
    @Override
    public boolean hasWork() {
        return connection != null && !queue.isEmpty();
    }

    /** How long the runner parks after a round that did nothing. */
    long idleNanos() {
        if (connection == null) {
            return Math.max(1, retryAtNanos - System.nanoTime());
        }
        return inFlight.isEmpty() ? IDLE_PARK_NANOS : CONNECTED_IDLE_NANOS;
    }

    /** Closing: what is queued is published and acknowledged, within the timeout; the mark is written. */
    @Override
    public void onClose() throws InterruptedException {
        try {
            if (!failed) {
                drain();
            }
        } finally {
            markNow(true);
            closeConnection();
        }
    }

    /** The runner's last resort: the publisher stops; the journal keeps every batch for the next start. */
    void failed(Throwable t) {
        failed = true;
        log.error("JetStream publisher stopped", t);
    }

    /**
     * One round: catch up, or publish what is queued, or collect acknowledgements. Returns the work
     * done (0: only collected, the runner idles), or -1: place lost.
     */
    private int step() throws InterruptedException {
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            return -1;
        }
        if (!inPlace) {
            // The journal only for what the queue no longer holds: batches from the queue carry
            // their receipts (which a gateway node that forwarded the command waits for), the
            // journal's do not.
            CommittedBatch<CoreBatch> next = queue.peek();
            if ((next == null || next.number() > lastSent + 1) && !catchUp()) {
                return -1;
            }
            inPlace = true;
        }
        CommittedBatch<CoreBatch> batch = queue.poll();
        if (batch != null) {
            if (batch.number() <= lastSent) {
                return 1; // the journal read already published it
            }
            if (batch.number() != lastSent + 1) {
                inPlace = false; // the queue overflowed: the journal has what it dropped
                return 1;
            }
            return publish(batch.number(), batch.ts(), batch.events(),
                    batch.attachment() == null ? List.of() : batch.attachment().receipts()) ? 1 : -1;
        }
        if (state.takeOverflow()) {
            inPlace = false;
            return 1;
        }
        return collect() ? 0 : -1;
    }

    /** Publishes every durable batch after {@code lastSent} that the journal holds. */
    private boolean catchUp() throws InterruptedException {
        long from = lastSent;
        boolean[] ok = {true};
        long[] republished = {0};
        journal.readBatches(lastSent, logged -> {
            if (logged.number() != lastSent + 1) {
                log.error("batches {} to {} are no longer in the journal (retention): the stream skips them",
                        lastSent + 1, logged.number() - 1);
                lastSent = logged.number() - 1;
            }
            try {
                ok[0] = publish(logged.number(), logged.ts(), logged.events(), List.of()); // receipts are not journaled
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ok[0] = false;
            }
            republished[0]++;
            return ok[0] && running.getAsBoolean();
        });
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (republished[0] > 0) {
            state.republished(republished[0]);
            log.info("JetStream stream {}: published batches {} to {} from the journal", config.stream(), from + 1,
                    lastSent);
        }
        return ok[0];
    }

    /** Publishes one batch, in parts when it is larger than a NATS message may be. */
    private boolean publish(long number, long ts, List<JournalEvent> events, List<Receipt> receipts)
            throws InterruptedException {
        byte[] body = BatchFrame.encode(number, ts, events, receipts);
        List<byte[]> parts = BatchFrame.split(body, maxPart);
        List<CompletableFuture<PublishAck>> acks = new ArrayList<>(parts.size());
        try {
            for (int i = 0; i < parts.size(); i++) {
                Headers headers = new Headers()
                        .put(BatchFrame.EPOCH, epoch)
                        .put(BatchFrame.BATCH, Long.toString(number))
                        .put(BatchFrame.PART, (i + 1) + "/" + parts.size());
                PublishOptions options = PublishOptions.builder()
                        .messageId(BatchFrame.messageId(epoch, number, i + 1, parts.size()))
                        .expectedStream(config.stream())
                        .build();
                acks.add(jetStream.publishAsync(config.subject(), headers, parts.get(i), options));
            }
        } catch (RuntimeException e) {
            // jnats refuses to queue while closed or with its reconnect buffer full
            log.debug("publish of batch {} refused: {}", number, e.toString());
            return false;
        }
        if (parts.size() > 1) {
            state.split();
        }
        inFlight.add(new InFlight(number, System.nanoTime(), acks));
        lastSent = number;
        if (inFlight.size() >= config.maxInFlight()) {
            return awaitOldest();
        }
        return collect();
    }

    /** Counts every batch at the head of the window that JetStream acknowledged. False on a failed or late one. */
    private boolean collect() throws InterruptedException {
        while (!inFlight.isEmpty()) {
            InFlight head = inFlight.peek();
            if (!head.done()) {
                return System.nanoTime() - head.sentNanos() < config.ackTimeout().toNanos() || awaitOldest();
            }
            for (CompletableFuture<PublishAck> ack : head.acks()) {
                try {
                    ack.get();
                } catch (ExecutionException e) {
                    log.debug("batch {} not acknowledged: {}", head.batch(), e.getCause().toString());
                    return false;
                }
            }
            inFlight.poll();
            state.acknowledged(head.batch());
        }
        return true;
    }

    /** Waits up to the acknowledgement timeout for the oldest batch in flight. */
    private boolean awaitOldest() throws InterruptedException {
        InFlight head = inFlight.peek();
        long left = config.ackTimeout().toNanos() - (System.nanoTime() - head.sentNanos());
        try {
            for (CompletableFuture<PublishAck> ack : head.acks()) {
                ack.get(Math.max(left, 1), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException | ExecutionException e) {
            log.debug("batch {} not acknowledged: {}", head.batch(), e.toString());
            return false;
        }
        return collect();
    }

    /**
     * Forgets the window, goes back to the last acknowledged batch and drops the connection; the
     * next round connects afresh and reads the journal from there. A fresh connection rather than
     * jnats's own reconnect: after a server restart, requests on a reconnected connection were seen
     * to time out for good (jnats 2.24.1 against nats-server 2.9.10), and a new connection also asks
     * the stream again where it ends.
     */
    private void lostPlace() throws InterruptedException {
        state.failed();
        if (state.connected()) {
            log.warn("JetStream stream {}: publishing stopped at batch {} (acknowledged); catching up from the "
                    + "journal when NATS answers again", config.stream(), state.lastAcked());
        }
        for (InFlight f : inFlight) {
            f.acks().forEach(ack -> ack.cancel(false));
        }
        inFlight.clear();
        lastSent = state.lastAcked();
        inPlace = false;
        closeConnection();
        retryAtNanos = System.nanoTime() + reconnects.nextDelayNanos();
    }

    private boolean connect() throws InterruptedException {
        try {
            Connection c = NatsConnections.connect(config, "tickwire-core-publisher");
            try {
                StreamSetup.ensureStream(c, config);
                long inStream = StreamSetup.lastWholeBatch(c, config, epoch);
                if (inStream > state.lastAcked()) {
                    state.acknowledged(Math.min(inStream, journal.lastBatch()));
                }
                jetStream = c.jetStream(JetStreamOptions.builder().requestTimeout(config.ackTimeout()).build());
                maxPart = (int) Math.max(1024, c.getServerInfo().getMaxPayload() - HEADER_ROOM);
            } catch (IOException | JetStreamApiException | RuntimeException e) {
                c.close();
                throw e;
            }
            connection = c;
            lastSent = state.lastAcked();
            inPlace = false;
            state.connected(true);
            reconnects.reset();
            log.info("JetStream stream {} on {}: publishing after batch {}", config.stream(), config.displayServers(),
                    lastSent);
            return true;
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            if (state.connectFailures() == 0) {
                log.warn("NATS {} not usable ({}); trading goes on, the stream is caught up from the journal "
                        + "once it is", config.displayServers(), e.getMessage());
            }
            state.connectFailed();
            return false;
        }
    }

    /** After close: publishes what is still queued and waits for its acknowledgements, within the timeout. */
    private void drain() throws InterruptedException {
        if (connection == null || !state.connected()) {
            return;
        }
        long deadline = System.nanoTime() + config.ackTimeout().toNanos();
        CommittedBatch<CoreBatch> batch;
        while (inPlace && (batch = queue.poll()) != null && System.nanoTime() < deadline) {
            if (batch.number() == lastSent + 1 && !publish(batch.number(), batch.ts(), batch.events(),
                    batch.attachment() == null ? List.of() : batch.attachment().receipts())) {
                return;
            }
        }
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            if (!awaitOldest()) {
                return;
            }
        }
    }

    private void markNow(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastMarkNanos < MARK_EVERY_NANOS) {
            return;
        }
        lastMarkNanos = now;
        try {
            mark.write(epoch, state.lastAcked());
        } catch (IOException e) {
            log.warn("cannot record the last published batch: {}", e.toString());
        }
    }

    private void closeConnection() {
        NatsConnections.closeQuietly(connection);
        connection = null;
        state.connected(false);
    }
}
