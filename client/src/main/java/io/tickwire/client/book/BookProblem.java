package io.tickwire.client.book;

import io.tickwire.protocol.message.InvalidationReason;

/** Why a local book stopped being trustworthy; it stays invalid until the next snapshot. */
public sealed interface BookProblem {

    /** A delta did not follow the last one: {@code received} where {@code expected} was due. */
    record SequenceGap(long expected, long received) implements BookProblem {
    }

    /** After applying delta {@code seq}, the book's checksum was {@code computed}, the server's {@code expected}. */
    record ChecksumMismatch(long seq, long expected, long computed) implements BookProblem {
    }

    /** The server invalidated the stream (it dropped deltas for a lagging client, say). */
    record Invalidated(InvalidationReason reason) implements BookProblem {
    }

    /** The stream's epoch changed: its history started afresh. */
    record EpochChanged(String previous, String current) implements BookProblem {
    }
}
