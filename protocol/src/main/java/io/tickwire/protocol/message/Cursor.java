package io.tickwire.protocol.message;

import java.util.Objects;

/**
 * A position in one topic stream: its {@code epoch} (new whenever the stream's history starts
 * afresh) and the {@code seq} of the last event seen. The next event is {@code seq + 1}.
 */
public record Cursor(String epoch, long seq) {

    /** Longest epoch accepted on input. */
    public static final int MAX_EPOCH_LENGTH = 64;

    public Cursor {
        Objects.requireNonNull(epoch, "epoch");
        if (epoch.isEmpty() || epoch.length() > MAX_EPOCH_LENGTH) {
            throw new IllegalArgumentException("epoch must be 1 to " + MAX_EPOCH_LENGTH + " characters");
        }
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be >= 0, was " + seq);
        }
    }

    /** The cursor right after this one in the same epoch. */
    public Cursor next() {
        return new Cursor(epoch, seq + 1);
    }

    /** {@code epoch:seq}, the form the command line takes. */
    @Override
    public String toString() {
        return epoch + ":" + seq;
    }
}
