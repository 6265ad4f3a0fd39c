package io.tickwire.protocol.message;

import java.util.Objects;

/**
 * The envelope of every stream message:
 * {@code {"type":..,"topic":..,"epoch":..,"seq":..,"ts":..,"data":{..}}}. The {@code type} is
 * the payload's. For snapshots {@code seq} is the last event the snapshot already reflects.
 *
 * @param ts the engine's clock when the event happened, ms since the Unix epoch
 */
public record StreamEvent(Topic topic, String epoch, long seq, long ts, EventPayload data) implements ServerMessage {
    public StreamEvent {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(epoch, "epoch");
        Objects.requireNonNull(data, "data");
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be >= 0, was " + seq);
        }
    }

    @Override
    public String type() {
        return data.type();
    }

    /** This event's position in its stream. */
    public Cursor cursor() {
        return new Cursor(epoch, seq);
    }
}
