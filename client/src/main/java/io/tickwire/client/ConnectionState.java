package io.tickwire.client;

import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of the connection: its status, when the last frame arrived, and how many times the
 * client has reconnected.
 *
 * @param lastMessageAt when the last frame (message or ping) was received, or {@code null} if none yet
 * @param reconnects    successful reconnections since the client was built
 */
public record ConnectionState(ConnectionStatus status, Instant lastMessageAt, int reconnects) {
    public ConnectionState {
        Objects.requireNonNull(status, "status");
    }
}
