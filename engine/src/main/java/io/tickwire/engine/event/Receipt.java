package io.tickwire.engine.event;

import io.tickwire.protocol.message.RejectCode;
import java.util.List;

/**
 * A command's outcome as the engine reports it.
 *
 * @param orderId       the order placed or targeted, or 0
 * @param clientOrderId that order's client id, or {@code null}
 * @param code          {@code null} when accepted
 * @param canceled      the orders a cancel-all canceled; -1 for any other command
 * @param results       a batch's outcome per order, in the batch's order; {@code null} for any other command
 * @param triggerAt     for a dead man's switch armed: when it fires; 0 when disarmed; -1 for any other command
 */
public record Receipt(long requestId, long userId, boolean accepted, long orderId, String clientOrderId,
                      RejectCode code, String message, int canceled, List<Receipt> results, long triggerAt) {

    public Receipt {
        results = results == null ? null : List.copyOf(results);
    }

    /** The receipt of any command but a cancel-all, a batch or a dead man's switch. */
    public Receipt(long requestId, long userId, boolean accepted, long orderId, String clientOrderId, RejectCode code,
                   String message) {
        this(requestId, userId, accepted, orderId, clientOrderId, code, message, -1, null, -1);
    }

    /** The receipt of a cancel-all, with how many orders it canceled. */
    public Receipt(long requestId, long userId, boolean accepted, long orderId, String clientOrderId, RejectCode code,
                   String message, int canceled) {
        this(requestId, userId, accepted, orderId, clientOrderId, code, message, canceled, null, -1);
    }
}
