package io.tickwire.server.hub;

/**
 * The encoded frames of a public stream's latest events, by {@code seq}: when many clients resume
 * the same book or trades stream, each missed event is encoded once and its bytes shared, as the
 * live path shares them. A fixed ring; an older {@code seq} is simply not found. Hub thread only.
 */
final class FrameRing {
    private final byte[][] frames;
    private final long[] seqs;
    private final int mask;

    /** Holds the last {@code capacity} frames (a power of two). */
    FrameRing(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
        }
        frames = new byte[capacity][];
        seqs = new long[capacity];
        mask = capacity - 1;
    }

    /** The frame of {@code seq}, or {@code null} if it was never put or has been overwritten. */
    byte[] get(long seq) {
        int i = (int) (seq & mask);
        return seqs[i] == seq ? frames[i] : null;
    }

    void put(long seq, byte[] frame) {
        int i = (int) (seq & mask);
        seqs[i] = seq;
        frames[i] = frame;
    }
}
