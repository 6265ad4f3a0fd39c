package io.tickwire.client;

import io.tickwire.client.order.CommandEvent;
import io.tickwire.client.order.TrackedCommand;

/**
 * What a client tells its user about itself: its connection's state, its session events, and
 * the lifecycle of every order command. Given once, to the builder
 * ({@link TickwireClient.Builder#listener}); every method has a default that does nothing, so a
 * listener overrides what it needs:
 *
 * <pre>{@code
 * TickwireClient client = TickwireClient.builder()
 *     .uri(URI.create("ws://localhost:8080/ws"))
 *     .listener(new TickwireListener() {
 *         @Override
 *         public void onSessionEvent(SessionEvent event) {
 *             log.info("{}", event);
 *         }
 *     })
 *     .build();
 * }</pre>
 *
 * <p>The data of a subscription goes to that subscription's own callback, not here. Every method
 * of a client's listener is called on one thread of the client's, one call at a time, in the order
 * the client saw things happen; never on the socket's thread or the client's loop. Return at
 * once: a listener that blocks delays the next call (and past 4,096 session events waiting, newer
 * ones are dropped). A method that throws is reported as a {@link SessionEvent.Error} (but for
 * {@code onSessionEvent} itself, whose exceptions are dropped).
 */
public interface TickwireListener {

    /**
     * The connection's state changed: {@link ConnectionStatus#CONNECTING} to
     * {@link ConnectionStatus#CONNECTED}, {@code CONNECTED} to {@link ConnectionStatus#DEGRADED} and back,
     * and at last {@link ConnectionStatus#CLOSED}.
     *
     * @param state    the state now
     * @param previous the state before
     */
    default void onStateChange(ConnectionStatus state, ConnectionStatus previous) {
    }

    /** The connection's news: disconnected, reconnected, gaps, lag, invalidated books, notices, errors. */
    default void onSessionEvent(SessionEvent event) {
    }

    /**
     * A step in the life of an order command: its ack, its receipt, a refusal, a reconciliation
     * scheduled or completed. {@link TrackedCommand#history()} keeps them too.
     */
    default void onCommandEvent(TrackedCommand command, CommandEvent event) {
    }
}
