package io.tickwire.journal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The most recent events of one stream, in memory, bounded by count and age: a ring of
 * contiguous seqs. Appended by the journal's writer thread; read by any thread resuming a
 * client. The lock is held only to copy, never during I/O.
 *
 * <p>Events are kept as bytes, not as objects: each event's data is copied into one byte ring
 * and its time, length and type into parallel arrays. Kept objects would each outlive several
 * young collections before the ring dropped them, and copying them from one survivor space to
 * the next was most of the collector's pause time (pauses of 60–100 ms against 25–30 ms with
 * the history off, at 10,000 commands per second). A read builds its events afresh.
 */
public final class StreamHistory {
    /** The most events kept; the arrays grow by doubling up to it, so a quiet stream costs little. */
    private final int capacity;
    private final long maxAgeMs;

    /** Per event, oldest at {@link #head}: engine time, where its data starts, its length, its type. */
    private long[] times;
    private int[] offsets;
    private int[] lengths;
    private byte[] typeIndexes;
    /** The distinct types of this stream, a handful: events refer to them by index. */
    private String[] types = new String[0];
    private String stream;

    /**
     * The most bytes of data kept per stream: past it the oldest events are dropped, whatever
     * the count bound says, so that the ring stays well inside an array's reach.
     */
    static final int MAX_DATA_BYTES = 1 << 28;
    private final int maxDataBytes;

    /** The events' data, oldest at {@code offsets[head]}, wrapping at the end; empty until used. */
    private byte[] data = new byte[0];
    private int dataUsed;

    private long firstSeq;
    private int count;
    private int head;

    /** A history that expects {@code nextSeq} as its first event. */
    public StreamHistory(int capacity, long maxAgeMs, long nextSeq) {
        this(capacity, maxAgeMs, nextSeq, MAX_DATA_BYTES);
    }

    /** As the public constructor, with another byte bound (tests use a small one). */
    StreamHistory(int capacity, long maxAgeMs, long nextSeq, int maxDataBytes) {
        this.maxDataBytes = maxDataBytes;
        this.capacity = Math.max(1, capacity);
        int initial = Math.min(this.capacity, 16);
        this.times = new long[initial];
        this.offsets = new int[initial];
        this.lengths = new int[initial];
        this.typeIndexes = new byte[initial];
        this.maxAgeMs = maxAgeMs;
        this.firstSeq = nextSeq;
    }

    /** Appends the next event; its seq must follow the last one. */
    public synchronized void append(JournalEvent event) {
        if (count > 0 && event.seq() != lastSeqLocked() + 1) {
            // A hole would make every read after it wrong: restart the ring at this event.
            clear(event.seq());
        }
        if (count == 0) {
            firstSeq = event.seq();
        }
        if (stream == null) {
            stream = event.stream();
        }
        if (count == times.length && times.length < capacity) {
            growIndex(Math.min(capacity, times.length * 2));
        }
        if (count == times.length) {
            dropOldest();
        }
        byte[] bytes = event.data();
        if (bytes.length > maxDataBytes) {
            // Too large to keep: the history restarts after it, and a read of it goes to disk.
            clear(event.seq() + 1);
            return;
        }
        while (count > 0 && dataUsed + bytes.length > maxDataBytes) {
            dropOldest();
        }
        ensureData(bytes.length);
        int at = (head + count) % times.length;
        int start = count == 0 ? 0 : wrap(offsets[head] + dataUsed);
        copyIn(bytes, start);
        times[at] = event.ts();
        offsets[at] = start;
        lengths[at] = bytes.length;
        typeIndexes[at] = typeIndex(event.type());
        dataUsed += bytes.length;
        count++;
        expireLocked(event.ts());
    }

    /** Empties the history; the next event it expects is {@code nextSeq}. */
    private void clear(long nextSeq) {
        count = 0;
        head = 0;
        dataUsed = 0;
        firstSeq = nextSeq;
    }

    private long lastSeqLocked() {
        return firstSeq + count - 1;
    }

    private void dropOldest() {
        dataUsed -= lengths[head];
        head = (head + 1) % times.length;
        firstSeq++;
        count--;
    }

    /** Drops events older than the age bound relative to {@code nowMs}, and spare room after a burst. */
    public synchronized void expire(long nowMs) {
        expireLocked(nowMs);
        if (data.length > 4096 && dataUsed < data.length / 4) {
            resizeData(Math.max(256, 2 * dataUsed));
        }
    }

    private void expireLocked(long nowMs) {
        while (count > 0 && nowMs - times[head] > maxAgeMs) {
            dropOldest();
        }
    }

    /**
     * Up to {@code max} events with seq greater than {@code afterSeq}, or {@code null} when the
     * memory history no longer reaches back that far (the caller reads the segments).
     */
    public List<JournalEvent> after(long afterSeq, int max) {
        // Under the lock only the raw bytes and small arrays are copied; the events are built
        // after it, so that a long replay page does not hold up the writer's next append.
        int n;
        long first;
        long[] eventTimes;
        int[] eventLengths;
        String[] eventTypes;
        byte[] bytes;
        String name;
        synchronized (this) {
            if (count == 0) {
                return afterSeq >= firstSeq - 1 ? List.of() : null;
            }
            if (afterSeq + 1 < firstSeq) {
                return null;
            }
            long last = lastSeqLocked();
            if (afterSeq >= last) {
                return List.of();
            }
            n = (int) Math.min(max, last - afterSeq);
            first = afterSeq + 1;
            int start = (int) (first - firstSeq);
            eventTimes = new long[n];
            eventLengths = new int[n];
            eventTypes = new String[n];
            int total = 0;
            for (int i = 0; i < n; i++) {
                int at = (head + start + i) % times.length;
                eventTimes[i] = times[at];
                eventLengths[i] = lengths[at];
                eventTypes[i] = types[typeIndexes[at]];
                total += lengths[at];
            }
            bytes = new byte[total];
            copyOut(offsets[(head + start) % times.length], bytes, total);
            name = stream;
        }
        List<JournalEvent> out = new ArrayList<>(n);
        int from = 0;
        for (int i = 0; i < n; i++) {
            out.add(new JournalEvent(name, first + i, eventTimes[i], eventTypes[i],
                    Arrays.copyOfRange(bytes, from, from + eventLengths[i])));
            from += eventLengths[i];
        }
        return out;
    }

    /** Whether every event after {@code afterSeq} is held in memory (none may be, if none came). */
    public synchronized boolean holdsAfter(long afterSeq) {
        return afterSeq + 1 >= firstSeq;
    }

    /** Events held in memory now. */
    public synchronized int size() {
        return count;
    }

    /** The oldest seq held in memory, or the next seq when empty. */
    public synchronized long firstSeq() {
        return firstSeq;
    }

    // ------------------------------------------------------------------ the byte ring

    private int wrap(int position) {
        return position >= data.length ? position - data.length : position;
    }

    /** Makes room for {@code more} bytes after the live ones. */
    private void ensureData(int more) {
        if (dataUsed + more <= data.length) {
            return;
        }
        long size = Math.max(256, data.length);
        while (size < dataUsed + more) {
            size *= 2;
        }
        resizeData((int) Math.min(size, maxDataBytes));
    }

    /** Moves the live bytes, in order, to the start of a new array of {@code size}. */
    private void resizeData(int size) {
        byte[] resized = new byte[size];
        if (count > 0) {
            copyOut(offsets[head], resized, dataUsed);
        }
        // Offsets by running sum: an event of no bytes has no position of its own to rebase.
        int position = 0;
        for (int i = 0; i < count; i++) {
            int at = (head + i) % times.length;
            offsets[at] = position;
            position += lengths[at];
        }
        data = resized;
    }

    private void copyIn(byte[] bytes, int start) {
        int firstPart = Math.min(bytes.length, data.length - start);
        System.arraycopy(bytes, 0, data, start, firstPart);
        System.arraycopy(bytes, firstPart, data, 0, bytes.length - firstPart);
    }

    /**
     * Copies {@code length} bytes of the ring from {@code start}, wrapping at the end, to the start of {@code into}.
     */
    private void copyOut(int start, byte[] into, int length) {
        int firstPart = Math.min(length, data.length - start);
        System.arraycopy(data, start, into, 0, firstPart);
        System.arraycopy(data, 0, into, firstPart, length - firstPart);
    }

    private void growIndex(int size) {
        long[] newTimes = new long[size];
        int[] newOffsets = new int[size];
        int[] newLengths = new int[size];
        byte[] newTypes = new byte[size];
        for (int i = 0; i < count; i++) {
            int at = (head + i) % times.length;
            newTimes[i] = times[at];
            newOffsets[i] = offsets[at];
            newLengths[i] = lengths[at];
            newTypes[i] = typeIndexes[at];
        }
        times = newTimes;
        offsets = newOffsets;
        lengths = newLengths;
        typeIndexes = newTypes;
        head = 0;
    }

    private byte typeIndex(String type) {
        for (int i = 0; i < types.length; i++) {
            if (types[i].equals(type)) {
                return (byte) i;
            }
        }
        if (types.length == 127) {
            throw new IllegalStateException("more than 127 event types in stream " + stream);
        }
        types = Arrays.copyOf(types, types.length + 1);
        types[types.length - 1] = type;
        return (byte) (types.length - 1);
    }
}
