package io.tickwire.journal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One durable event of one stream.
 *
 * @param stream the stream: a topic name ({@code book.BTC-USDT}, {@code trades.BTC-USDT}) or
 *               {@code account:<userId>} for a user's account stream
 * @param seq    its place in the stream: 1 for the first event of an epoch, then +1 per event
 * @param ts     the engine time of the command that produced it, ms
 * @param type   the wire type, e.g. {@code order.update}
 * @param data   the event's {@code data} object as JSON bytes, encoded once
 */
public record JournalEvent(String stream, long seq, long ts, String type, byte[] data) {
    public JournalEvent {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    /** The stream name of a user's account stream. */
    public static String accountStream(long userId) {
        return "account:" + userId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JournalEvent e && e.seq == seq && e.ts == ts && e.stream.equals(stream)
                && e.type.equals(type) && Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(stream, seq, type) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return stream + "#" + seq + " " + type + " " + new String(data, StandardCharsets.UTF_8);
    }
}
