package io.tickwire.nats.node;

import io.nats.client.Connection;
import io.nats.client.JetStreamStatusException;
import io.nats.client.Message;
import io.tickwire.agent.Agent;
import io.tickwire.agent.AgentRunner;
import io.tickwire.agent.Backoff;
import io.tickwire.agent.IdleStrategy;
import io.tickwire.engine.command.Command;
import io.tickwire.engine.command.CommandCodec;
import io.tickwire.nats.NatsConnections;
import io.tickwire.server.config.JetStreamConfig;
import io.tickwire.server.core.OrderEntry;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway node's order entry: each command goes to the core as a NATS request on
 * {@code STREAM.commands}, and the core's one-byte answer says whether it queued it. The receipt
 * and the events come back with the command's batch through the stream.
 *
 * <p>What the client is told follows the protocol's rules for a command in doubt: {@code ack} when
 * the core confirmed it queued the command; {@code rate_limited} (retry) when it certainly did not
 * (the core refused it, no core listens, this node has no connection); nothing when the answer did
 * not come in time: the client's command timeout makes the outcome unknown and it reconciles,
 * while a receipt that does come is still delivered.
 *
 * <p>A keeper agent holds one connection for requests and replaces it when it fails (as the
 * publisher does), with the one backoff; {@link #enqueue} never blocks on it.
 */
final class ForwardingEntry implements OrderEntry, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ForwardingEntry.class);
    /** NATS's status for a request nobody listens to. */
    private static final int NO_RESPONDERS = 503;
    /** How long the core has to confirm a command. */
    static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(2);

    private final JetStreamConfig config;
    private final long requestIdBase;
    /** Runs {@link Keeper} on {@code tickwire-nats-orders}. */
    private final AgentRunner keeper;
    private volatile Connection connection;

    ForwardingEntry(JetStreamConfig config) {
        this.config = config;
        // A block of 2^41 ids chosen at random among 2^20, above every core's (time-based) ids.
        this.requestIdBase = (1L << 62) + ThreadLocalRandom.current().nextLong(1L << 20) * (1L << 41);
        Keeper agent = new Keeper();
        this.keeper = new AgentRunner(agent, IdleStrategy.parking(agent::idleNanos),
                e -> log.error("order forwarding's connection keeper stopped", e)).closeBound(Duration.ofSeconds(5));
    }

    void start() {
        keeper.start();
    }

    /** Looks at the connection every 100 ms; replaces one that failed, backing off while NATS is away. */
    private final class Keeper implements Agent {
        private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
        private final Backoff.Attempts attempts =
                Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(2)).fullJitter().attempts();
        private long nextTryNanos = System.nanoTime();

        @Override
        public String roleName() {
            return "nats-orders";
        }

        @Override
        public int doWork() throws InterruptedException {
            Connection c = connection;
            if (c != null && c.getStatus() == Connection.Status.CONNECTED) {
                return 0;
            }
            if (System.nanoTime() - nextTryNanos < 0) {
                return 0;
            }
            NatsConnections.closeQuietly(c);
            connection = null;
            try {
                connection = NatsConnections.connect(config, "tickwire-gateway-orders");
                attempts.reset();
                return 1;
            } catch (IOException e) {
                log.debug("order forwarding: NATS not reachable: {}", e.toString());
                nextTryNanos = System.nanoTime() + attempts.nextDelayNanos();
                return 0;
            }
        }

        long idleNanos() {
            return connection == null ? Math.max(1, nextTryNanos - System.nanoTime()) : CHECK_NANOS;
        }

        /** A connection made while closing is not kept. */
        @Override
        public void onClose() {
            NatsConnections.closeQuietly(connection);
        }
    }

    @Override
    public CompletionStage<Enqueued> enqueue(Command command) {
        Connection c = connection;
        if (c == null || c.getStatus() != Connection.Status.CONNECTED) {
            return CompletableFuture.completedStage(Enqueued.REFUSED);
        }
        CompletableFuture<Message> reply;
        try {
            reply = c.request(config.commandSubject(), CommandCodec.encode(command));
        } catch (RuntimeException e) {
            return CompletableFuture.completedStage(Enqueued.REFUSED); // closed meanwhile: never sent
        }
        return reply.orTimeout(CONFIRM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).handle((message, failure) -> {
            if (failure == null) {
                byte[] data = message.getData();
                if (data.length == 1 && data[0] == 'F') {
                    // Only a command this node should never have sent: the core and the node disagree
                    // on what a gateway may forward (different versions?).
                    log.warn("the core refused a {} as a command no gateway may forward",
                            command.getClass().getSimpleName());
                }
                return data.length == 1 && data[0] == 'Q' ? Enqueued.QUEUED : Enqueued.REFUSED;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof JetStreamStatusException status && status.getStatus().getCode() == NO_RESPONDERS) {
                return Enqueued.REFUSED; // no core listens: nothing was queued
            }
            return Enqueued.UNKNOWN; // late, or lost on the way: it may have been queued
        });
    }

    /** Deposits and withdrawals are the core's own REST API's: the core takes none over NATS. */
    @Override
    public boolean takesAdminCommands() {
        return false;
    }

    @Override
    public long requestIdBase() {
        return requestIdBase;
    }

    /** Whether commands reach the core now: this node's connection for them is up. */
    boolean connected() {
        Connection c = connection;
        return c != null && c.getStatus() == Connection.Status.CONNECTED;
    }

    @Override
    public void close() {
        keeper.close();
        NatsConnections.closeQuietly(connection);
    }
}
