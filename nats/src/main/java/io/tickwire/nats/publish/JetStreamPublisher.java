package io.tickwire.nats.publish;

import io.tickwire.agent.AgentRunner;
import io.tickwire.agent.IdleStrategy;
import io.tickwire.agent.SpscQueue;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickwire.journal.CommittedBatch;
import io.tickwire.journal.Journal;
import io.tickwire.server.auth.RevocationSet;
import io.tickwire.server.config.JetStreamConfig;
import io.tickwire.server.node.BatchTap;
import io.tickwire.server.core.CoreBatch;
import io.tickwire.server.core.TradingCore;
import io.tickwire.server.hub.Hub;
import java.nio.file.Path;

/**
 * A core node's publisher of durable batches to JetStream, as the journal writer and the server
 * see it. {@link #onDurable} queues the batch for the publisher's thread ({@link PublisherAgent})
 * and returns: when that queue is full (NATS down for a while) the batch is left to the journal,
 * which the publisher reads to catch up. Publishing never blocks the sequencer or the journal, and
 * the core trades on whether NATS is there or not.
 *
 * <p>Each batch is published with the message id {@code EPOCH:BATCH}, so a batch published again
 * (after a crash of the core, or a lost acknowledgement) is dropped by JetStream's deduplication.
 * The last batch JetStream acknowledged is kept in {@code DATA/nats/STREAM.published}, and the
 * stream's own last message is asked at each connect.
 */
public final class JetStreamPublisher implements BatchTap {
    private static final int QUEUE_CAPACITY = 1 << 14;

    private final JetStreamConfig config;
    private final SpscQueue<CommittedBatch<CoreBatch>> queue = new SpscQueue<>(QUEUE_CAPACITY);
    private final PublisherState state = new PublisherState();
    /** Runs the {@link PublisherAgent} on {@code tickwire-nats-publisher}, once started. */
    private volatile AgentRunner runner;
    private volatile Journal<CoreBatch> journal;
    private volatile CoreResponder responder;

    /** A publisher to the stream of {@code config}; it connects when the server {@link #start starts} it. */
    public JetStreamPublisher(JetStreamConfig config) {
        this.config = config;
    }

    @Override
    public void start(TradingCore core, Hub hub, RevocationSet revocations, MeterRegistry meters) {
        responder = new CoreResponder(config, hub, core, new RevocationAnnouncer(config, revocations), meters);
        responder.start();
        journal = core.journal();
        Path markFile = core.config().journal().directory().resolveSibling("nats")
                .resolve(config.stream() + ".published");
        PublisherAgent agent = new PublisherAgent(config, queue, state, new PublishedMark(markFile), journal,
                () -> runner.isRunning());
        Gauge.builder("tickwire_nats_publish_lag_batches", this, JetStreamPublisher::lagBatches)
                .description("durable batches JetStream has not acknowledged yet").register(meters);
        Gauge.builder("tickwire_nats_last_acked_batch", state, PublisherState::lastAcked)
                .description("the last batch JetStream acknowledged").register(meters);
        Gauge.builder("tickwire_nats_connected", state, s -> s.connected() ? 1 : 0)
                .description("1 while the publisher is connected to NATS and publishing").register(meters);
        FunctionCounter.builder("tickwire_nats_publish_failures", state, PublisherState::failures)
                .description("times the publisher lost its place (NATS down, an acknowledgement late)")
                .register(meters);
        FunctionCounter.builder("tickwire_nats_republished_batches", state, PublisherState::republished)
                .description("batches published from the journal while catching up").register(meters);
        FunctionCounter.builder("tickwire_nats_split_batches", state, PublisherState::splits)
                .description("batches larger than a NATS message, published in parts").register(meters);
        AgentRunner r = new AgentRunner(agent, IdleStrategy.parking(agent::idleNanos), agent::failed)
                .closeBound(config.ackTimeout().plusSeconds(5));
        runner = r;
        r.start();
    }

    @Override
    public void onDurable(CommittedBatch<CoreBatch> batch) {
        if (!queue.offer(batch)) {
            state.overflowed();
        }
        AgentRunner r = runner;
        if (r != null) {
            r.wake();
        }
    }

    /** The last batch JetStream acknowledged (0 before the first). */
    public long lastAcknowledged() {
        return state.lastAcked();
    }

    /** Durable batches JetStream has not acknowledged yet. */
    public long lagBatches() {
        Journal<CoreBatch> j = journal;
        return j == null ? 0 : Math.max(0, j.lastBatch() - state.lastAcked());
    }

    /** Whether the publisher is connected to NATS and publishing. */
    public boolean connected() {
        return state.connected();
    }

    /** Stops after publishing what is queued, waiting at most the acknowledgement timeout for it. */
    @Override
    public void close() {
        AgentRunner publisher = runner;
        if (publisher != null) {
            publisher.stop();
        }
        CoreResponder r = responder;
        if (r != null) {
            r.close();
        }
        if (publisher != null) {
            publisher.close();
        }
    }
}
