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

    record Pending(String stream, String type, byte[] data) {
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
        events.add(new Pending(Objects.requireNonNull(stream), Objects.requireNonNull(type),
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
