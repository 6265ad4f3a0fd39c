package io.tickwire.nats.node;

import io.tickwire.journal.EventHistory;
import io.tickwire.journal.JournalEvent;
import io.tickwire.journal.ReadResult;
import io.tickwire.journal.StreamHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A gateway node's history of its streams: the events it received from the core since it started,
 * the most recent {@code capacity} per stream within {@code maxAgeMs}, in memory; what is older is
 * read from JetStream ({@link JetStreamReads}), and only what JetStream no longer holds reads as a
 * gap (the client then gets a snapshot). The feed's thread appends; any thread reads, and a read
 * that goes to JetStream blocks (the hub asks on its replay reader thread).
 */
final class MemoryHistory implements EventHistory {
    /** How often the age bound is applied. */
    static final long EXPIRE_EVERY_MS = 10_000;

    private final String epoch;
    private final int capacity;
    private final long maxAgeMs;
    private final Map<String, StreamHistory> streams = new ConcurrentHashMap<>();
    private final Map<String, Long> heads = new ConcurrentHashMap<>();
    private final JetStreamReads older;
    /** When the age bound was last applied; the feed's thread only. */
    private long expiredAt;

    MemoryHistory(String epoch, Map<String, Long> heads, int capacity, long maxAgeMs, JetStreamReads older) {
        this.epoch = epoch;
        this.older = older;
        this.capacity = capacity;
        this.maxAgeMs = maxAgeMs;
        this.heads.putAll(heads);
    }

    /**
     * Appends a batch's events; the feed's thread, in batch order. Events past the age bound are
     * dropped every {@value #EXPIRE_EVERY_MS} ms, as the journal's writer does, not per batch: a node
     * holds a stream per account, and a sweep of all of them per batch would be the feed's main cost.
     */
    void append(List<JournalEvent> events, long nowMs) {
        for (JournalEvent event : events) {
            streams.computeIfAbsent(event.stream(), s -> new StreamHistory(capacity, maxAgeMs, event.seq()))
                    .append(event);
            heads.put(event.stream(), event.seq());
        }
        if (nowMs - expiredAt >= EXPIRE_EVERY_MS) {
            expiredAt = nowMs;
            streams.values().forEach(h -> h.expire(nowMs));
        }
    }

    @Override
    public String epoch() {
        return epoch;
    }

    @Override
    public long lastSeq(String stream) {
        return heads.getOrDefault(stream, 0L);
    }

    @Override
    public boolean inMemory(String stream, long afterSeq) {
        if (afterSeq >= lastSeq(stream)) {
            return true;
        }
        StreamHistory history = streams.get(stream);
        return history != null && history.holdsAfter(afterSeq);
    }

    @Override
    public ReadResult read(String stream, long afterSeq, int max) {
        long head = lastSeq(stream);
        if (afterSeq > head) {
            return new ReadResult.Ahead(head);
        }
        if (afterSeq == head) {
            return new ReadResult.Events(List.of());
        }
        StreamHistory history = streams.get(stream);
        List<JournalEvent> events = history == null ? null : history.after(afterSeq, max);
        if (events == null) {
            long first = history == null ? head + 1 : history.firstSeq();
            var fetched = older.read(stream, afterSeq, max, first - 1);
            if (fetched.isPresent()) {
                List<JournalEvent> read = new ArrayList<>(fetched.get());
                long next = read.get(read.size() - 1).seq();
                if (read.size() < max && next == first - 1 && history != null) {
                    List<JournalEvent> recent = history.after(next, max - read.size()); // the rest, from memory
                    if (recent != null) {
                        read.addAll(recent);
                    }
                }
                return new ReadResult.Events(read);
            }
            return new ReadResult.Gap(afterSeq + 1, first - 1);
        }
        return new ReadResult.Events(events);
    }

    @Override
    public Map<String, Integer> historySizes() {
        Map<String, Integer> sizes = new TreeMap<>();
        streams.forEach((stream, history) -> sizes.put(stream, history.size()));
        return sizes;
    }
}
