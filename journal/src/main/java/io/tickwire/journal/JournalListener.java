package io.tickwire.journal;

/**
 * Receives batches once they are durable, in batch order, on the journal's writer thread. It
 * must not block: hand off and return (the writer's next {@code force} waits for it).
 */
@FunctionalInterface
public interface JournalListener<A> {
    void onDurable(CommittedBatch<A> batch);
}
