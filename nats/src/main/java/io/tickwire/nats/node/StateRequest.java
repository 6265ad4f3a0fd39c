package io.tickwire.nats.node;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.impl.Headers;
import io.tickwire.agent.Backoff;
import io.tickwire.nats.NatsConnections;
import io.tickwire.nats.wire.BatchFrame;
import io.tickwire.server.hub.HubStateCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import io.tickwire.server.config.JetStreamConfig;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Asks the core for the state a gateway node starts from: a request on {@code STREAM.state}, and
 * the parts of the answer on this node's own inbox, put back together.
 */
final class StateRequest {
    /** Waits between tries while no core answers: the one backoff, 100 ms to 1 s. */
    private static final Backoff RETRY =
            Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1)).fullJitter();

    private StateRequest() {
    }

    /**
     * The core's state and markets, within {@code timeout}.
     *
     * @throws IOException when NATS or the core does not answer in time
     */
    static HubStateCodec.NodeStart fetch(JetStreamConfig config, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        Backoff.Attempts retries = RETRY.attempts();
        while (System.nanoTime() < deadline) {
            try {
                return fetchOnce(config, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (IOException e) {
                last = e;
                Thread.sleep(Duration.ofNanos(Math.min(retries.nextDelayNanos(),
                        Math.max(0, deadline - System.nanoTime()))));
            }
        }
        throw new IOException("the core did not send its state within " + timeout.toSeconds() + " s on "
                + config.stateSubject() + (last == null ? "" : ": " + last.getMessage()), last);
    }

    private static HubStateCodec.NodeStart fetchOnce(JetStreamConfig config, Duration timeout)
            throws IOException, InterruptedException {
        Connection connection = NatsConnections.connect(config, "tickwire-gateway-start");
        try {
            String inbox = connection.createInbox();
            Subscription replies = connection.subscribe(inbox);
            try {
                connection.flush(Duration.ofSeconds(2)); // the subscription is in place before the request
            } catch (TimeoutException e) {
                throw new IOException("NATS did not confirm the reply subscription", e);
            }
            connection.publish(config.stateSubject(), inbox, new byte[0]);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int next = 1;
            long deadline = System.nanoTime() + Math.min(timeout.toNanos(), Duration.ofSeconds(5).toNanos());
            while (System.nanoTime() < deadline) {
                Message part = replies.nextMessage(Duration.ofMillis(100));
                if (part == null) {
                    continue;
                }
                if (part.isStatusMessage()) {
                    throw new IOException("no core answers on " + config.stateSubject() + " yet ("
                            + part.getStatus().getMessage() + ")");
                }
                Headers headers = part.getHeaders();
                if (headers == null || headers.getFirst(BatchFrame.PART) == null) {
                    throw new IOException("an answer on " + config.stateSubject() + " that is not a Tickwire state");
                }
                String[] index = headers.getFirst(BatchFrame.PART).split("/");
                if (Integer.parseInt(index[0]) != next) {
                    throw new IOException("state part " + index[0] + " came where part " + next + " was due");
                }
                body.writeBytes(part.getData());
                if (next == Integer.parseInt(index[1])) {
                    try {
                        return HubStateCodec.decode(body.toByteArray());
                    } catch (IllegalArgumentException e) {
                        throw new IOException(e.getMessage(), e);
                    }
                }
                next++;
            }
            throw new IOException("no answer from the core");
        } finally {
            connection.close();
        }
    }
}
