package io.tickwire.client;

import io.tickwire.client.order.DeadMansSwitch;
import io.tickwire.protocol.message.ClientMessage;
import io.tickwire.protocol.message.ServerMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What the client asks of each connection it opens (protocol 1.1), on the loop thread: cancel on
 * disconnect, enabled again on every connection since the server keeps it per connection; and the
 * user's dead man's switch, re-armed on a timer and after every reconnect when auto-refresh is on.
 */
final class SessionSettings {
    private final ClientLoop loop;
    private final Connection connection;
    private final boolean cancelOnDisconnect;
    private final Map<Long, CompletableFuture<Optional<Instant>>> answers = new HashMap<>();
    private Duration refreshedTimeout;
    private ScheduledFuture<?> refresh;

    SessionSettings(ClientLoop loop, Connection connection, boolean cancelOnDisconnect) {
        this.loop = loop;
        this.connection = connection;
        this.cancelOnDisconnect = cancelOnDisconnect;
    }

    /**
     * Loop thread: a connection was authenticated, before the client calls it ready, so that no
     * order sent on it can go out before cancel on disconnect is on.
     */
    void authenticated() {
        if (cancelOnDisconnect) {
            connection.send(new ClientMessage.SessionCancelOnDisconnect(connection.nextRequestId(), true));
        }
        if (refreshedTimeout != null) {
            arm(refreshedTimeout, new CompletableFuture<>());
        }
    }

    /** Loop thread: the answer to an arming. */
    void onAnswer(ServerMessage.CancelAllAfter answer) {
        CompletableFuture<Optional<Instant>> future = answer.id() == null ? null : answers.remove(answer.id());
        if (future != null) {
            future.complete(Optional.ofNullable(answer.triggerAt()).map(Instant::ofEpochMilli));
        }
    }

    /** Loop thread: the connection is gone; armings not answered are unknown (the switch may be armed). */
    void connectionLost() {
        answers.values().forEach(f -> f.completeExceptionally(new IllegalStateException(
                "the connection closed before the server answered; the switch may or may not be armed")));
        answers.clear();
    }

    /** Loop thread: see {@link TickwireClient#cancelAllAfter}. */
    void cancelAllAfter(DeadMansSwitch setting, CompletableFuture<Optional<Instant>> answer) {
        if (refresh != null) {
            refresh.cancel(false);
            refresh = null;
        }
        refreshedTimeout = setting.autoRefresh() ? setting.timeout() : null;
        if (!connection.isOpen()) {
            answer.completeExceptionally(new IllegalStateException("not connected"));
            return;
        }
        arm(setting.timeout(), answer);
    }

    private void arm(Duration timeout, CompletableFuture<Optional<Instant>> answer) {
        long id = connection.nextRequestId();
        answers.put(id, answer);
        connection.send(new ClientMessage.OrderCancelAllAfter(id, timeout.toMillis()));
        if (refreshedTimeout != null) {
            // A third of the timeout: two re-arms may be lost before the switch would fire.
            refresh = loop.schedule(() -> {
                if (refreshedTimeout != null && connection.isOpen()) {
                    arm(refreshedTimeout, new CompletableFuture<>());
                }
            }, Math.max(1, refreshedTimeout.toMillis() / 3), TimeUnit.MILLISECONDS);
        }
    }
}
