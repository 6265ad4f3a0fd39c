package io.tickwire.journal;

import java.util.List;

/**
 * A batch that is durable: its number, its commands, and its events with their assigned
 * {@code seq}s. Handed to listeners only after the {@code force} that covers it returned.
 */
public record CommittedBatch<A>(long number, long ts, List<byte[]> commands, List<JournalEvent> events,
                             A attachment) {
}
