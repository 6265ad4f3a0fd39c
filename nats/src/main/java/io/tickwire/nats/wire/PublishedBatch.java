package io.tickwire.nats.wire;

import io.tickwire.journal.JournalEvent;
import java.util.List;

/**
 * A durable batch of a core as it travels on JetStream: the core's journal epoch, the batch
 * number (dense from 1 within an epoch), the engine time, and the events with their seqs.
 */
public record PublishedBatch(String epoch, long number, long ts, List<JournalEvent> events) {
    public PublishedBatch {
        events = List.copyOf(events);
    }
}
