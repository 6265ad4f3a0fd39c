package io.tickwire.client.internal;

import io.tickwire.client.book.BookProblem;
import io.tickwire.client.book.BookView;
import io.tickwire.client.book.LocalBook;
import io.tickwire.protocol.book.BookLevels;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Level;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.StreamEvent;
import java.util.List;
import java.util.Optional;

/**
 * The SDK's own {@link LocalBook}, kept by the client's loop: not API (its {@code apply} is the
 * client's). See {@link LocalBook} for what it promises.
 */
public final class BookReplica implements LocalBook {
    private final String market;
    private final BookLevels levels = new BookLevels();
    private String epoch;
    private long seq;
    private boolean valid;
    private BookProblem problem;

    public BookReplica(String market) {
        this.market = market;
    }

    @Override
    public String market() {
        return market;
    }

    /**
     * Applies a stream event of this book's topic.
     *
     * @return the problem this event revealed (the book is now invalid), or empty
     */
    public synchronized Optional<BookProblem> apply(StreamEvent event) {
        switch (event.data()) {
            case EventPayload.BookSnapshot snapshot -> {
                levels.load(snapshot.bids(), snapshot.asks());
                epoch = event.epoch();
                seq = event.seq();
                valid = true;
                problem = null;
                long computed = levels.checksum();
                if (computed != snapshot.checksum()) {
                    return invalidate(new BookProblem.ChecksumMismatch(event.seq(), snapshot.checksum(), computed));
                }
                return Optional.empty();
            }
            case EventPayload.BookDelta delta -> {
                if (!valid) {
                    return Optional.empty(); // waiting for a snapshot
                }
                if (!event.epoch().equals(epoch)) {
                    return invalidate(new BookProblem.EpochChanged(epoch, event.epoch()));
                }
                if (event.seq() <= seq) {
                    return Optional.empty(); // a duplicate after a resume
                }
                if (event.seq() != seq + 1) {
                    return invalidate(new BookProblem.SequenceGap(seq + 1, event.seq()));
                }
                levels.apply(delta.changes());
                seq = event.seq();
                long computed = levels.checksum();
                if (computed != delta.checksum()) {
                    return invalidate(new BookProblem.ChecksumMismatch(event.seq(), delta.checksum(), computed));
                }
                return Optional.empty();
            }
            case EventPayload.BookInvalidated invalidated -> {
                return invalidate(new BookProblem.Invalidated(invalidated.reason()));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private Optional<BookProblem> invalidate(BookProblem why) {
        valid = false;
        problem = why;
        return Optional.of(why);
    }

    @Override
    public synchronized boolean isValid() {
        return valid;
    }

    @Override
    public synchronized Optional<BookProblem> problem() {
        return Optional.ofNullable(problem);
    }

    @Override
    public synchronized long seq() {
        return seq;
    }

    @Override
    public synchronized String epoch() {
        return epoch;
    }

    @Override
    public synchronized BookView view(int depth) {
        if (!valid) {
            return new BookView(market, false, seq, List.of(), List.of());
        }
        return new BookView(market, true, seq, levels.top(Side.BUY, depth), levels.top(Side.SELL, depth));
    }

    @Override
    public BookView view() {
        return view(Integer.MAX_VALUE);
    }

    @Override
    public synchronized Optional<EventPayload.BookSnapshot> snapshot() {
        if (!valid) {
            return Optional.empty();
        }
        return Optional.of(new EventPayload.BookSnapshot(market, levels.all(Side.BUY), levels.all(Side.SELL),
                levels.checksum()));
    }

    @Override
    public Optional<Level> bestBid() {
        return view(1).bestBid();
    }

    @Override
    public Optional<Level> bestAsk() {
        return view(1).bestAsk();
    }

    @Override
    public synchronized int depth(Side side) {
        return valid ? levels.depth(side) : 0;
    }
}
