package io.tickwire.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one sequencer batch hands to the journal: the input commands (so recovery can replay
 * them) and the events they produced, in order, without sequence numbers. The journal assigns
 * the batch its number and every event its {@code seq}, makes it durable, and only then hands
 * the {@link CommittedBatch} to its listener. {@code attachment} (receipts, say) travels with
 * the batch and is not stored.
 *
 * @param <A> the type of the attachment, as the listener receives it
 */
public final class Batch<A> {
    final List<byte[]> commands = new ArrayList<>();
    final List<Pending> events = new ArrayList<>();
    final long ts;
    A attachment;

    /** {@code seq} 0: the journal assigns the stream's next one. */
    record Pending(String stream, long seq, String type, byte[] data) {
    }

    /** A batch at engine time {@code ts}. */
    public Batch(long ts) {
        this.ts = ts;
    }

    /** Adds an encoded input command. */
    public Batch<A> command(byte[] encoded) {
        commands.add(Objects.requireNonNull(encoded));
        return this;
    }

    /** Adds an event for {@code stream}; its seq is assigned when the batch is committed. */
    public Batch<A> event(String stream, String type, byte[] data) {
        events.add(new Pending(Objects.requireNonNull(stream), 0, Objects.requireNonNull(type),
                Objects.requireNonNull(data)));
        return this;
    }

    /**
     * Adds an event that keeps the {@code seq} it already has (a relay records its upstream's
     * events). A stream's first event may have any seq (a read before it is a gap); every later
     * one must be the next: the writer fails on a hole, as recovery would call it damage.
     *
     * @throws IllegalArgumentException if {@code seq} is not positive
     */
    public Batch<A> event(String stream, long seq, String type, byte[] data) {
        if (seq <= 0) {
            throw new IllegalArgumentException("seq must be positive, was " + seq);
        }
        events.add(new Pending(Objects.requireNonNull(stream), seq, Objects.requireNonNull(type),
                Objects.requireNonNull(data)));
        return this;
    }

    /** Something to hand back with the committed batch (not stored). */
    public Batch<A> attach(A attachment) {
        this.attachment = attachment;
        return this;
    }

    public long ts() {
        return ts;
    }

    public boolean isEmpty() {
        return commands.isEmpty() && events.isEmpty();
    }
}
