package io.tickwire.client.order;

import io.tickwire.protocol.message.ServerMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One order command ({@code order.place}, {@code order.cancel} or {@code order.amend}) tracked
 * to a known outcome. {@link #resolved()} always completes; {@link #ack()} and {@link #receipt()}
 * complete with the server's messages, or exceptionally with {@link UnknownExecutionException}
 * when the connection died before they arrived (the outcome is then reconciled, never collapsed
 * into a timeout), or with {@link CommandRefusedException} when the server refused the request.
 */
public interface OrderHandle {

    /** The order's {@code client_order_id} (generated if the caller gave none), or null for a command by order id. */
    String clientOrderId();

    /** Where the command stands now. */
    CommandStatus status();

    /** The {@code ack}: queued by the server, not yet durable. */
    CompletableFuture<ServerMessage.Ack> ack();

    /** The {@code receipt}: the durable outcome. */
    CompletableFuture<ServerMessage.Receipt> receipt();

    /** The final outcome, by receipt or by reconciliation. */
    CompletableFuture<OrderOutcome> resolved();

    /** The lifecycle so far. */
    List<OrderEvent> history();

    /**
     * Calls {@code listener} for each lifecycle event: first those already past, then each new one
     * as it happens, off the socket thread. Must not block for long.
     */
    void events(Consumer<OrderEvent> listener);
}
