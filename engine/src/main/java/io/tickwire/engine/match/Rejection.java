package io.tickwire.engine.match;

import io.tickwire.protocol.message.RejectCode;

/**
 * A command the engine refuses, thrown before the command has changed any state and caught
 * by the engine, which answers with a rejected receipt. No stack trace: rejections are routine.
 */
final class Rejection extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final RejectCode code;
    final long orderId;

    Rejection(RejectCode code, String message) {
        this(code, message, 0);
    }

    Rejection(RejectCode code, String message, long orderId) {
        super(message, null, false, false);
        this.code = code;
        this.orderId = orderId;
    }
}
