package io.tickwire.relay.follow;

import io.tickwire.journal.EventHistory;
import io.tickwire.journal.Journal;
import io.tickwire.journal.ReadResult;
import io.tickwire.server.core.CoreBatch;
import java.util.List;
import java.util.Map;

/**
 * A following relay's history: its journal, and the heads it started from. The relay starts each
 * stream at the upstream's head H (a book's snapshot, a trades stream's head), so its journal holds
 * H + 1 onwards, and nothing while the upstream is quiet. To a reader the stream's head is still
 * H, a cursor at H is up to date, and one before H is older than this relay's history: a gap, as
 * retention would make it. Any thread.
 */
final class FollowedHistory implements EventHistory {
    private final Journal<CoreBatch> journal;
    private final Map<String, Long> startHeads;

    FollowedHistory(Journal<CoreBatch> journal, Map<String, Long> startHeads) {
        this.journal = journal;
        this.startHeads = Map.copyOf(startHeads);
    }

    @Override
    public String epoch() {
        return journal.epoch();
    }

    @Override
    public long lastSeq(String stream) {
        return Math.max(journal.lastSeq(stream), startHeads.getOrDefault(stream, 0L));
    }

    @Override
    public boolean inMemory(String stream, long afterSeq) {
        return afterSeq >= lastSeq(stream) || journal.inMemory(stream, afterSeq);
    }

    @Override
    public ReadResult read(String stream, long afterSeq, int max) {
        if (journal.lastSeq(stream) > 0) {
            return journal.read(stream, afterSeq, max); // before its first event: a gap, the journal says
        }
        long head = startHeads.getOrDefault(stream, 0L);
        if (afterSeq > head) {
            return new ReadResult.Ahead(head);
        }
        return afterSeq == head ? new ReadResult.Events(List.of()) : new ReadResult.Gap(afterSeq + 1, head);
    }

    @Override
    public Map<String, Integer> historySizes() {
        return journal.historySizes();
    }
}
