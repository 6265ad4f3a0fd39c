package io.tickwire.nats.publish;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.micrometer.core.instrument.FunctionCounter;
import io.tickwire.agent.Agent;
import io.tickwire.agent.AgentRunner;
import io.tickwire.agent.Backoff;
import io.tickwire.agent.IdleStrategy;
import io.micrometer.core.instrument.MeterRegistry;
import io.tickwire.engine.command.Command;
import io.tickwire.engine.command.CommandCodec;
import io.tickwire.nats.NatsConnections;
import io.tickwire.nats.wire.BatchFrame;
import io.tickwire.server.hub.HubStateCodec;
import io.tickwire.server.config.JetStreamConfig;
import io.tickwire.server.core.TradingCore;
import io.tickwire.server.hub.Hub;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the core answers gateway nodes on NATS:
 * <ul>
 *   <li>{@code STREAM.state}: its hub's state (heads, books, accounts as of one batch) and the
 *       venue's markets, cut into parts on the requester's reply subject. The node then reads the
 *       stream after that batch. The state is read on the hub thread.</li>
 *   <li>{@code STREAM.commands}: a command a node forwards (the engine's binary form, its request
 *       id from the node's own block), queued for the sequencer; the reply is one byte, {@code Q}
 *       queued, {@code R} refused (queue full, closing) or {@code F} forbidden (a command no gateway
 *       may forward, {@link ForwardedCommands}: counted and logged). The receipt travels with its
 *       batch.</li>
 *   <li>{@code STREAM.revocations} and {@code STREAM.revoked}: the core's token revocations, which
 *       gateway nodes enforce too ({@link RevocationAnnouncer}).</li>
 * </ul>
 * Requests are served on jnats's dispatcher thread, which never blocks: queuing a command does not.
 */
final class CoreResponder implements AutoCloseable {
    /** The reply to a forwarded command: queued for the sequencer. */
    static final byte QUEUED = 'Q';
    /** The reply to a forwarded command: not queued. */
    static final byte REFUSED = 'R';
    /** The reply to a forwarded command that no gateway may send: not queued, and never will be. */
    static final byte FORBIDDEN = 'F';
    /** How often the revocations' version is announced. */
    private static final long HEARTBEAT_MILLIS = 1_000;
    /** At most one warning about forbidden commands this often; the counter has them all. */
    private static final long FORBIDDEN_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static final Logger log = LoggerFactory.getLogger(CoreResponder.class);

    private final JetStreamConfig config;
    private final Hub hub;
    private final TradingCore core;
    private final RevocationAnnouncer revocations;
    /** Runs {@link Connector} on {@code tickwire-nats-responder}. */
    private final AgentRunner connector;
    private volatile Connection connection;
    private final LongAdder forbidden = new LongAdder();
    private final LongAdder unreadable = new LongAdder();
    private long lastForbiddenLog = System.nanoTime() - FORBIDDEN_LOG_INTERVAL_NANOS;

    CoreResponder(JetStreamConfig config, Hub hub, TradingCore core, RevocationAnnouncer revocations,
                  MeterRegistry meters) {
        this.config = config;
        this.hub = hub;
        this.core = core;
        this.revocations = revocations;
        FunctionCounter.builder("tickwire_nats_forbidden_commands", forbidden, LongAdder::sum)
                .description("commands on NATS that no gateway may forward (deposits, withdrawals, the engine's"
                        + " own), refused")
                .register(meters);
        FunctionCounter.builder("tickwire_nats_unreadable_commands", unreadable, LongAdder::sum)
                .description("messages on the command subject that are not an engine command, refused")
                .register(meters);
        Connector agent = new Connector();
        this.connector = new AgentRunner(agent, IdleStrategy.parking(agent::idleNanos),
                e -> log.error("core responder stopped", e)).closeBound(Duration.ofSeconds(5));
    }

    void start() {
        connector.start();
    }

    /**
     * The responder's thread: connects (retrying with the one backoff while NATS is away) and
     * subscribes, jnats then reconnecting by itself; then announces the revocations' version every
     * second until closed.
     */
    private final class Connector implements Agent {
        private final Backoff.Attempts attempts =
                Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(2)).fullJitter().attempts();
        private long nextTryNanos = System.nanoTime();
        private long nextHeartbeatNanos;

        @Override
        public String roleName() {
            return "nats-responder";
        }

        @Override
        public int doWork() throws InterruptedException {
            long now = System.nanoTime();
            if (connection == null) {
                if (now - nextTryNanos < 0) {
                    return 0;
                }
                try {
                    Connection c = NatsConnections.connectReconnecting(config, "tickwire-core-state");
                    Dispatcher dispatcher = c.createDispatcher();
                    dispatcher.subscribe(config.stateSubject(), CoreResponder.this::answer);
                    dispatcher.subscribe(config.commandSubject(), CoreResponder.this::command);
                    revocations.connected(c, dispatcher);
                    connection = c;
                    nextHeartbeatNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MILLIS);
                    return 1;
                } catch (IOException e) {
                    log.debug("core responder: NATS not reachable: {}", e.toString());
                    nextTryNanos = System.nanoTime() + attempts.nextDelayNanos();
                    return 0;
                }
            }
            if (now - nextHeartbeatNanos < 0) {
                return 0;
            }
            revocations.heartbeat();
            nextHeartbeatNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MILLIS);
            return 1;
        }

        /** Until the next try to connect, or the next heartbeat. */
        long idleNanos() {
            return Math.max(1, (connection == null ? nextTryNanos : nextHeartbeatNanos) - System.nanoTime());
        }

        /** A connection made while the responder was closing is not kept. */
        @Override
        public void onClose() {
            NatsConnections.closeQuietly(connection);
        }
    }

    private void command(Message request) {
        String replyTo = request.getReplyTo();
        byte verdict;
        try {
            Command command = CommandCodec.decode(request.getData());
            if (ForwardedCommands.permitted(command)) {
                verdict = core.submit(command) ? QUEUED : REFUSED;
            } else {
                forbidden.increment();
                warnForbidden(command);
                verdict = FORBIDDEN;
            }
        } catch (RuntimeException e) {
            unreadable.increment();
            log.warn("a forwarded command could not be read: {}", e.toString());
            verdict = REFUSED;
        }
        Connection c = connection;
        if (replyTo != null && c != null) {
            c.publish(replyTo, new byte[] {verdict});
        }
    }

    /**
     * Logs a forbidden command, at most once per interval: whoever sends them may send many, and the
     * counter keeps the count. Runs on the dispatcher's one thread.
     */
    private void warnForbidden(Command command) {
        long now = System.nanoTime();
        if (now - lastForbiddenLog >= FORBIDDEN_LOG_INTERVAL_NANOS) {
            lastForbiddenLog = now;
            log.warn("refused a {} for user {} that arrived on {}: no gateway may forward it (a client with NATS"
                    + " access forged it?); {} such commands so far", ForwardedCommands.name(command),
                    command.userId(), config.commandSubject(), forbidden.sum());
        }
    }

    private void answer(Message request) {
        String replyTo = request.getReplyTo();
        if (replyTo == null) {
            return;
        }
        hub.state().whenComplete((state, failure) -> {
            Connection c = connection;
            if (c == null) {
                return;
            }
            if (failure != null) {
                log.warn("state for a gateway node not read: {}", failure.toString());
                return;
            }
            byte[] body = HubStateCodec.encode(state, core.markets());
            List<byte[]> parts = BatchFrame.split(body, (int) Math.max(1024, c.getMaxPayload() - 1024));
            for (int i = 0; i < parts.size(); i++) {
                Headers headers = new Headers()
                        .put(BatchFrame.EPOCH, state.epoch())
                        .put(BatchFrame.BATCH, Long.toString(state.batch()))
                        .put(BatchFrame.PART, (i + 1) + "/" + parts.size());
                c.publish(replyTo, headers, parts.get(i));
            }
            log.info("sent the state at batch {} to a gateway node ({} bytes, {} parts)", state.batch(),
                    body.length, parts.size());
        });
    }

    @Override
    public void close() {
        connector.stop();
        NatsConnections.closeQuietly(connection);
        connector.close();
    }
}
