package io.tickwire.journal.history;

import io.tickwire.journal.JournalEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * The most recent events of one stream, in memory, bounded by count and age: a ring of
 * contiguous seqs. Appended by the journal's writer thread; read by any thread resuming a
 * client. The lock is held only to copy a few references, never during I/O.
 */
public final class StreamHistory {
    /** Grows by doubling up to {@link #capacity}: a quiet stream costs little. */
    private JournalEvent[] ring;
    private final int capacity;
    private final long maxAgeMs;
    private long firstSeq;
    private int count;
    private int head;

    /** A history that expects {@code nextSeq} as its first event. */
    public StreamHistory(int capacity, long maxAgeMs, long nextSeq) {
        this.capacity = Math.max(1, capacity);
        this.ring = new JournalEvent[Math.min(this.capacity, 16)];
        this.maxAgeMs = maxAgeMs;
        this.firstSeq = nextSeq;
    }

    /** Appends the next event; its seq must follow the last one. */
    public synchronized void append(JournalEvent event) {
        if (count > 0 && event.seq() != lastSeqLocked() + 1) {
            // A hole would make every read after it wrong: restart the ring at this event.
            count = 0;
        }
        if (count == 0) {
            firstSeq = event.seq();
            head = 0;
        }
        if (count == ring.length && ring.length < capacity) {
            JournalEvent[] bigger = new JournalEvent[Math.min(capacity, ring.length * 2)];
            for (int i = 0; i < count; i++) {
                bigger[i] = ring[(head + i) % ring.length];
            }
            ring = bigger;
            head = 0;
        }
        int tail = (head + count) % ring.length;
        ring[tail] = event;
        if (count == ring.length) {
            head = (head + 1) % ring.length;
            firstSeq++;
        } else {
            count++;
        }
        expireLocked(event.ts());
    }

    private long lastSeqLocked() {
        return firstSeq + count - 1;
    }

    /** Drops events older than the age bound relative to {@code nowMs}. */
    public synchronized void expire(long nowMs) {
        expireLocked(nowMs);
    }

    private void expireLocked(long nowMs) {
        while (count > 0 && nowMs - ring[head].ts() > maxAgeMs) {
            ring[head] = null;
            head = (head + 1) % ring.length;
            firstSeq++;
            count--;
        }
    }

    /**
     * Up to {@code max} events with seq greater than {@code afterSeq}, or {@code null} when the
     * memory history no longer reaches back that far (the caller reads the segments).
     */
    public synchronized List<JournalEvent> after(long afterSeq, int max) {
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
        int n = (int) Math.min(max, last - afterSeq);
        List<JournalEvent> out = new ArrayList<>(n);
        int start = (int) (afterSeq + 1 - firstSeq);
        for (int i = 0; i < n; i++) {
            out.add(ring[(head + start + i) % ring.length]);
        }
        return out;
    }

    /** The oldest seq held in memory, or the next seq when empty. */
    public synchronized long firstSeq() {
        return firstSeq;
    }
}
