package io.tickwire.server.hub;

import java.util.Arrays;

/**
 * The frames of one durable batch that have subscribers, in the batch's order, as the hub hands
 * them to every delivery that has a subscriber to one of their streams. The hub fills it on its
 * thread, then publishes it; from then on it is read-only and shared by every delivery, so a
 * batch costs one of these whatever the number of subscribers and loops.
 */
public final class FanoutBatch {
    private StreamKey[] streams;
    private byte[][] frames;
    private long[] seqs;
    private long[] timestamps;
    private int size;
    private final long durableNanos;
    private final String epoch;

    /**
     * @param durableNanos when the batch was released as durable ({@link System#nanoTime}), for the
     *                     durable-to-socket latency
     * @param epoch        the journal's epoch, for what a delivery has to say itself (book.invalidated)
     */
    FanoutBatch(long durableNanos, String epoch, int expected) {
        this.durableNanos = durableNanos;
        this.epoch = epoch;
        int capacity = Math.max(1, expected);
        this.streams = new StreamKey[capacity];
        this.frames = new byte[capacity][];
        this.seqs = new long[capacity];
        this.timestamps = new long[capacity];
    }

    /** Hub thread, before publishing. */
    void add(StreamKey stream, byte[] frame, long seq, long ts) {
        if (size == frames.length) {
            int grown = size * 2;
            streams = Arrays.copyOf(streams, grown);
            frames = Arrays.copyOf(frames, grown);
            seqs = Arrays.copyOf(seqs, grown);
            timestamps = Arrays.copyOf(timestamps, grown);
        }
        streams[size] = stream;
        frames[size] = frame;
        seqs[size] = seq;
        timestamps[size] = ts;
        size++;
    }

    public int size() {
        return size;
    }

    public StreamKey stream(int i) {
        return streams[i];
    }

    /** The frame's bytes, shared with every subscriber: never modify them. */
    public byte[] frame(int i) {
        return frames[i];
    }

    public long seq(int i) {
        return seqs[i];
    }

    public long timestamp(int i) {
        return timestamps[i];
    }

    public long durableNanos() {
        return durableNanos;
    }

    public String epoch() {
        return epoch;
    }
}
