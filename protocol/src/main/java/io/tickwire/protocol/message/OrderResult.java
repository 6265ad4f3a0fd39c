package io.tickwire.protocol.message;

import java.util.Objects;

/**
 * One order's outcome in the {@code results} of an {@code order.batch} receipt (protocol 1.1), in the
 * order the batch listed them.
 *
 * @param orderId       the order's id when accepted, else {@code null}
 * @param clientOrderId the caller's id of the order, or {@code null}
 * @param code          why it was rejected ({@link RejectCode} wire name), or {@code null}
 * @param message       words for a person, or {@code null}
 */
public record OrderResult(ReceiptStatus status, Long orderId, String clientOrderId, String code, String message) {

    public OrderResult {
        Objects.requireNonNull(status, "status");
    }

    /** The reject code as a known constant, or {@code null} if absent or newer than this SDK. */
    public RejectCode rejectCode() {
        return RejectCode.fromWire(code);
    }
}
