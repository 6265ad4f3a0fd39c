package io.tickwire.client.order;

import io.tickwire.protocol.message.Order;
import io.tickwire.protocol.message.ServerMessage;
import java.util.Objects;

/**
 * The final word on an order command ({@link TrackedCommand#resolved()}).
 *
 * @param status  {@link CommandStatus#ACCEPTED}, {@link CommandStatus#REJECTED},
 *                {@link CommandStatus#SYNCHRONIZED}, {@link CommandStatus#NOT_EXECUTED}, or
 *                {@link CommandStatus#UNKNOWN_EXECUTION} when the client closed first
 * @param receipt the server's receipt, when one arrived
 * @param order   the order as reconciliation found it ({@code SYNCHRONIZED}), else {@code null}
 * @param message why, in words: the reject reason, the refusal, or what reconciliation found
 */
public record CommandOutcome(CommandStatus status, ServerMessage.Receipt receipt, Order order, String message) {
    public CommandOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
    }
}
