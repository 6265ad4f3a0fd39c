package io.tickwire.journal;

import java.util.Map;

/**
 * Where a node reads its streams' durable events back from, by cursor: for a resume, a REST
 * read, a replay. On a core (and a single node) it is the {@link Journal}; on a gateway, the
 * events it received from the core, in memory. Any thread.
 */
public interface EventHistory {

    /** The epoch of every stream's seqs. */
    String epoch();

    /** The seq of the last durable event of a stream, 0 if it has none. */
    long lastSeq(String stream);

    /** Whether {@link #read} of {@code stream} after {@code afterSeq} is served from memory now. */
    boolean inMemory(String stream, long afterSeq);

    /**
     * Up to {@code max} events of {@code stream} with seq greater than {@code afterSeq}, a
     * {@link ReadResult.Gap} when the oldest of them are no longer kept, or {@link ReadResult.Ahead}
     * for a cursor beyond the head.
     */
    ReadResult read(String stream, long afterSeq, int max);

    /** Events each stream holds in memory now; streams with none are absent. */
    Map<String, Integer> historySizes();
}
