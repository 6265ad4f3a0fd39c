package io.tickwire.client.order;

import io.tickwire.protocol.message.ServerMessage;

/** The server refused an order request before queuing it; it did not execute. */
public final class CommandRefusedException extends RuntimeException {
    private final ServerMessage.ErrorMessage error;

    public CommandRefusedException(ServerMessage.ErrorMessage error) {
        super(error.code() + ": " + error.message());
        this.error = error;
    }

    public ServerMessage.ErrorMessage error() {
        return error;
    }
}
