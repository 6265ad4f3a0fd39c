package io.tickwire.client.book;

import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Level;
import io.tickwire.protocol.message.Side;
import java.util.Optional;

/**
 * A local copy of one market's book, built from {@code book.snapshot} and kept by
 * {@code book.delta}, that checks itself: every delta must follow the last one ({@code seq} + 1,
 * same epoch) and the checksum after it must match the server's. On any mismatch the book
 * becomes invalid, says why ({@link BookProblem}), and serves nothing until a new snapshot
 * arrives. A delta at or below the current seq is a duplicate (after a resume) and is ignored.
 * Thread-safe, and read-only: the client keeps it as events arrive
 * ({@link io.tickwire.client.BookSubscription#book()}) while other threads read.
 */
public interface LocalBook {

    /** The market, e.g. {@code BTC-USDT}. */
    String market();

    /** Whether the book is known good (a snapshot and every delta since checked out). */
    boolean isValid();

    /** Why the book is invalid, if it is. */
    Optional<BookProblem> problem();

    /** The last event applied. */
    long seq();

    /** The epoch of {@link #seq()}. */
    String epoch();

    /** The top {@code depth} levels per side, with the validity flag; empty levels when invalid. */
    BookView view(int depth);

    /** The whole book. */
    BookView view();

    /**
     * The whole book as a {@code book.snapshot} payload (with its checksum) at {@link #seq()},
     * or empty while the book is invalid.
     */
    Optional<EventPayload.BookSnapshot> snapshot();

    /** The best bid, if the book is valid and has one. */
    Optional<Level> bestBid();

    /** The best ask, if the book is valid and has one. */
    Optional<Level> bestAsk();

    /** Number of price levels on a side (0 when invalid). */
    int depth(Side side);
}
