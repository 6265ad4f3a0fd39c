package io.tickwire.engine.event;

import io.tickwire.protocol.message.RejectCode;

/**
 * A command's outcome as the engine reports it.
 *
 * @param orderId       the order placed or targeted, or 0
 * @param clientOrderId that order's client id, or {@code null}
 * @param code          {@code null} when accepted
 * @param canceled      the orders a cancel-all canceled; -1 for any other command
 */
public record Receipt(long requestId, long userId, boolean accepted, long orderId, String clientOrderId,
                      RejectCode code, String message, int canceled) {

    /** The receipt of any command but a cancel-all. */
    public Receipt(long requestId, long userId, boolean accepted, long orderId, String clientOrderId, RejectCode code,
                   String message) {
        this(requestId, userId, accepted, orderId, clientOrderId, code, message, -1);
    }
}
