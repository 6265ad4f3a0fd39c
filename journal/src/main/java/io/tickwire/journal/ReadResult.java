package io.tickwire.journal;

import java.util.List;

/** The answer to a read from a cursor. */
public sealed interface ReadResult {

    /** Every event after the cursor, in order, up to the limit asked for (empty when up to date). */
    record Events(List<JournalEvent> events) implements ReadResult {
    }

    /** Events {@code fromSeq..toSeq} are no longer kept (retention); history resumes after {@code toSeq}. */
    record Gap(long fromSeq, long toSeq) implements ReadResult {
    }

    /** The cursor is beyond the stream's head {@code headSeq}: it cannot be from this epoch's history. */
    record Ahead(long headSeq) implements ReadResult {
    }
}
