package io.tickwire.protocol.message;

import java.util.Objects;

/**
 * A message whose {@code type} this version does not know. It keeps the raw JSON so that a
 * client can pass it on, and the server can grow without breaking clients. The server answers
 * an unknown client message with an {@code error}; the SDK hands it to the application.
 *
 * @param type the {@code type} field as received
 * @param id   the request {@code id}, if the message had a valid one
 * @param json the whole message, as received
 */
public record Unknown(String type, Long id, String json) implements ClientMessage, ServerMessage {
    public Unknown {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(json, "json");
    }
}
