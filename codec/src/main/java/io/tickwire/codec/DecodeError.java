package io.tickwire.codec;

import io.tickwire.protocol.message.ErrorCode;
import io.tickwire.protocol.message.ServerMessage;
import java.util.Objects;

/**
 * Why a frame could not be decoded: the {@code error} code to answer with, the offending field
 * (dotted path such as {@code since.seq}, or {@code null} when the frame as a whole is bad) and
 * a message for a person. {@code id} is the request id when it could still be read, so the
 * answer can echo it.
 */
public record DecodeError(ErrorCode code, String field, String message, Long id) {
    public DecodeError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /** The {@code error} message that answers the bad frame. */
    public ServerMessage.ErrorMessage toErrorMessage() {
        return new ServerMessage.ErrorMessage(id, code.wire(), message, field);
    }
}
