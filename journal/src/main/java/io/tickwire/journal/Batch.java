package io.tickwire.journal;

import io.tickwire.agent.SpscQueue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What one sequencer batch hands to the journal: the input commands (so recovery can replay
 * them) and the events they produced, in order, without sequence numbers. The journal assigns
 * the batch its number and every event its {@code seq}, makes it durable, and only then hands
 * the {@link CommittedBatch} to its listener. {@code attachment} (receipts, say) travels with
 * the batch and is not stored.
 *
 * <p>The events are kept in parallel arrays, and the data of those added as a range of a
 * caller's buffer ({@link #event(String, String, byte[], int, int)}) is copied into one area of
 * the batch. A batch from {@link Journal#newBatch} goes back to its journal once the writer has
 * encoded it, and is handed out again: the appender's thread then allocates nothing per event
 * or per batch. One made with {@code new} is simply dropped.
 *
 * @param <A> the type of the attachment, as the listener receives it
 */
public final class Batch<A> {
    /** A pooled batch whose area grew beyond this is dropped, not kept: the pool stays small. */
    private static final int MAX_KEPT_AREA = 1 << 18;

    final List<byte[]> commands = new ArrayList<>();
    long ts;
    A attachment;
    private int eventCount;
    private String[] streams = new String[16];
    private String[] types = new String[16];
    /** 0: the journal assigns the stream's next seq. */
    private long[] seqs = new long[16];
    /** An event's data as the caller's own array, or {@code null} when it is a range of {@link #area}. */
    private byte[][] arrays = new byte[16][];
    private int[] offsets = new int[16];
    private int[] lengths = new int[16];
    private byte[] area;
    private int areaLength;
    /** Where the batch goes back once encoded, or {@code null}. */
    private final SpscQueue<Batch<A>> pool;

    /** A batch at engine time {@code ts}. */
    public Batch(long ts) {
        this(ts, null);
    }

    Batch(long ts, SpscQueue<Batch<A>> pool) {
        this.ts = ts;
        this.pool = pool;
        this.area = new byte[pool == null ? 0 : 4096];
    }

    /** Adds an encoded input command. */
    public Batch<A> command(byte[] encoded) {
        commands.add(Objects.requireNonNull(encoded));
        return this;
    }

    /** Adds an event for {@code stream}; its seq is assigned when the batch is committed. */
    public Batch<A> event(String stream, String type, byte[] data) {
        add(stream, 0, type, Objects.requireNonNull(data), 0, data.length);
        return this;
    }

    /**
     * Adds an event whose data is {@code length} bytes of {@code data} from {@code offset},
     * copied into the batch (the caller may reuse its buffer at once); its seq is assigned when
     * the batch is committed.
     */
    public Batch<A> event(String stream, String type, byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (areaLength + length > area.length) {
            area = Arrays.copyOf(area, Math.max(area.length * 2, areaLength + length));
        }
        System.arraycopy(data, offset, area, areaLength, length);
        add(stream, 0, type, null, areaLength, length);
        areaLength += length;
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
        add(stream, seq, type, Objects.requireNonNull(data), 0, data.length);
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
        return commands.isEmpty() && eventCount == 0;
    }

    private void add(String stream, long seq, String type, byte[] array, int offset, int length) {
        if (eventCount == streams.length) {
            int n = eventCount * 2;
            streams = Arrays.copyOf(streams, n);
            types = Arrays.copyOf(types, n);
            seqs = Arrays.copyOf(seqs, n);
            arrays = Arrays.copyOf(arrays, n);
            offsets = Arrays.copyOf(offsets, n);
            lengths = Arrays.copyOf(lengths, n);
        }
        streams[eventCount] = Objects.requireNonNull(stream);
        types[eventCount] = Objects.requireNonNull(type);
        seqs[eventCount] = seq;
        arrays[eventCount] = array;
        offsets[eventCount] = offset;
        lengths[eventCount] = length;
        eventCount++;
    }

    // ------------------------------------------------------------------ the writer's side

    int eventCount() {
        return eventCount;
    }

    String stream(int index) {
        return streams[index];
    }

    String type(int index) {
        return types[index];
    }

    /** The seq the event came with, or 0. */
    long seq(int index) {
        return seqs[index];
    }

    int dataLength(int index) {
        return lengths[index];
    }

    /** Writes the event's data, its length first (as {@code RecordCodec.putBytes} does). */
    void putData(int index, ByteBuffer buffer) {
        byte[] array = arrays[index];
        buffer.putInt(lengths[index]);
        if (array != null) {
            buffer.put(array);
        } else {
            buffer.put(area, offsets[index], lengths[index]);
        }
    }

    /** The event's data as an array of its own: the caller's, or a copy out of the area. */
    byte[] data(int index) {
        byte[] array = arrays[index];
        return array != null ? array : Arrays.copyOfRange(area, offsets[index], offsets[index] + lengths[index]);
    }

    /**
     * The writer has encoded the batch and holds nothing of it: a pooled batch is emptied and
     * goes back to its journal (unless its pool is full or its area grew too large); any other is
     * left to the collector. The writer's thread; the batch must not be touched after.
     */
    void release() {
        if (pool == null || area.length > MAX_KEPT_AREA) {
            return;
        }
        clear(0);
        pool.offer(this);
    }

    /**
     * Empties the batch, keeping what it has grown, to fill it again at engine time {@code ts}:
     * for a batch that was never appended (a benchmark of what fills it). An appended batch is
     * the writer's; {@link Journal#newBatch} hands it back.
     */
    public Batch<A> clear(long ts) {
        commands.clear();
        attachment = null;
        Arrays.fill(streams, 0, eventCount, null);
        Arrays.fill(types, 0, eventCount, null);
        Arrays.fill(arrays, 0, eventCount, null);
        eventCount = 0;
        areaLength = 0;
        this.ts = ts;
        return this;
    }

    /** A pooled batch handed out again, at engine time {@code ts}. */
    Batch<A> reuse(long ts) {
        this.ts = ts;
        return this;
    }
}
