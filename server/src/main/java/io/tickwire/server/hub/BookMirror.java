package io.tickwire.server.hub;

import io.tickwire.protocol.book.BookLevels;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Level;
import io.tickwire.protocol.message.Side;
import java.util.List;


/**
 * A market's book as the released deltas describe it: a snapshot taken from it reflects exactly
 * the durable events up to the stream's seq, so the next event a subscriber gets is seq + 1.
 * Hub thread only.
 */
final class BookMirror {
    private final String market;
    private final BookLevels levels = new BookLevels();

    BookMirror(String market) {
        this.market = market;
    }

    void load(List<Level> bidLevels, List<Level> askLevels) {
        levels.load(bidLevels, askLevels);
    }

    void apply(EventPayload.BookDelta delta) {
        levels.apply(delta.changes());
    }

    EventPayload.BookSnapshot snapshot() {
        return new EventPayload.BookSnapshot(market, levels.all(Side.BUY), levels.all(Side.SELL), levels.checksum());
    }
}
