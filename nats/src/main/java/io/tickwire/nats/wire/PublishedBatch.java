package io.tickwire.nats.wire;

import io.tickwire.engine.event.Receipt;
import io.tickwire.journal.JournalEvent;
import java.util.List;

/**
 * A durable batch of a core as it travels on JetStream: the core's journal epoch, the batch
 * number (dense from 1 within an epoch), the engine time, the events with their seqs, and the
 * receipts of its commands (for the gateway node that forwarded them; empty for a batch published
 * again from the journal, which does not keep receipts).
 */
public record PublishedBatch(String epoch, long number, long ts, List<JournalEvent> events, List<Receipt> receipts) {
    public PublishedBatch {
        events = List.copyOf(events);
        receipts = List.copyOf(receipts);
    }

    /** A batch without receipts. */
    public PublishedBatch(String epoch, long number, long ts, List<JournalEvent> events) {
        this(epoch, number, ts, events, List.of());
    }
}
