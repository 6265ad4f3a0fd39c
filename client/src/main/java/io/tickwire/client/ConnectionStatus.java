package io.tickwire.client;

/** Where a {@link TickwireClient}'s connection stands. */
public enum ConnectionStatus {
    /** Connecting for the first time; nothing received yet. */
    CONNECTING,
    /** Connected: frames flow, subscriptions are live. */
    CONNECTED,
    /**
     * Was connected, lost the connection and is reconnecting. Local books and the account mirror
     * keep their last state but may be stale until the client has resumed.
     */
    DEGRADED,
    /** Closed by {@link TickwireClient#close()} or by a refusal that retrying cannot fix (a bad token). */
    CLOSED
}
