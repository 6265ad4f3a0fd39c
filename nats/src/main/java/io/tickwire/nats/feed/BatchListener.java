package io.tickwire.nats.feed;

import io.tickwire.nats.wire.PublishedBatch;

/** What a {@link JetStreamFeed} tells its node, on the feed's thread, in batch order. */
public interface BatchListener {

    /** The next batch. */
    void onBatch(PublishedBatch batch);

    /**
     * Batches {@code from} to {@code to} are not on the stream (its retention dropped them, or the
     * core's journal no longer had them to publish): what a node built from them is incomplete.
     */
    default void onHole(long from, long to) {
    }

    /** The core started a new epoch (its journal was reset): every stream starts again from seq 1. */
    default void onEpoch(String previous, String next) {
    }
}
