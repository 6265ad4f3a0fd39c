package io.tickwire.client.order;

import io.tickwire.protocol.message.ServerMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One order command tracked to a known outcome: what {@code placeOrder}, {@code placeBatch},
 * {@code cancel}, {@code amend} and {@code cancelAll} return ({@link #kind()} says which).
 * {@link #resolved()} always completes; {@link #ack()} and {@link #receipt()} complete with the
 * server's messages, or exceptionally with {@link UnknownExecutionException} when the connection
 * died before they arrived (the outcome is then reconciled, never collapsed into a timeout), or
 * with {@link CommandRefusedException} when the server refused the request.
 *
 * <p>Its lifecycle events ({@link CommandEvent}) go to the client's listener as they happen
 * ({@link io.tickwire.client.TickwireListener#onCommandEvent}); {@link #history()} keeps them.
 */
public interface TrackedCommand {

    /** Which command this is. */
    CommandKind kind();

    /**
     * The order's {@code client_order_id} (generated if the caller gave none), or null for a command
     * by order id, a batch (each of its orders has its own) or a cancel-all.
     */
    String clientOrderId();

    /** Where the command stands now. */
    CommandStatus status();

    /** The {@code ack}: queued by the server, not yet durable. */
    CompletableFuture<ServerMessage.Ack> ack();

    /** The {@code receipt}: the durable outcome. */
    CompletableFuture<ServerMessage.Receipt> receipt();

    /** The final outcome, by receipt or by reconciliation. */
    CompletableFuture<CommandOutcome> resolved();

    /** The lifecycle so far, in order. */
    List<CommandEvent> history();
}
