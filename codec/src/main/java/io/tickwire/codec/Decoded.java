package io.tickwire.codec;

import java.util.Objects;

/**
 * The result of decoding one frame: the typed message, or the typed error that says what is
 * wrong with it. The codec never throws on bad input.
 */
public sealed interface Decoded<T> {

    /** A well-formed message. */
    record Ok<T>(T message) implements Decoded<T> {
        public Ok {
            Objects.requireNonNull(message, "message");
        }
    }

    /** A frame that is not a valid message. */
    record Invalid<T>(DecodeError error) implements Decoded<T> {
        public Invalid {
            Objects.requireNonNull(error, "error");
        }
    }

    /** The message, or an {@link IllegalStateException} carrying the error's text (for tests and tools). */
    default T orThrow() {
        return switch (this) {
            case Ok<T> ok -> ok.message();
            case Invalid<T> invalid -> throw new IllegalStateException(invalid.error().message()
                    + (invalid.error().field() == null ? "" : " (field " + invalid.error().field() + ")"));
        };
    }
}
