package io.tickwire.codec;

import io.tickwire.protocol.message.ErrorCode;

/**
 * Internal signal from the field readers to {@link JsonCodec}; never leaves the codec. No stack
 * trace: bad input is an expected outcome, and filling one per bad frame would let a flood of
 * garbage burn CPU.
 */
final class DecodeFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final ErrorCode code;
    final String field;

    DecodeFailure(ErrorCode code, String field, String message) {
        super(message, null, false, false);
        this.code = code;
        this.field = field;
    }

    static DecodeFailure badField(String field, String message) {
        return new DecodeFailure(ErrorCode.BAD_REQUEST, field, message);
    }
}
