package io.tickwire.server.hub;

import io.tickwire.protocol.book.BookChecksum;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Level;
import io.tickwire.protocol.message.LevelChange;
import io.tickwire.protocol.message.Side;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A market's book as the released deltas describe it: a snapshot taken from it reflects exactly
 * the durable events up to the stream's seq, so the next event a subscriber gets is seq + 1.
 * Hub thread only.
 */
final class BookMirror {
    private final String market;
    private final TreeMap<Decimal, Decimal> bids = new TreeMap<>(Comparator.reverseOrder());
    private final TreeMap<Decimal, Decimal> asks = new TreeMap<>();

    BookMirror(String market) {
        this.market = market;
    }

    void load(List<Level> bidLevels, List<Level> askLevels) {
        bids.clear();
        asks.clear();
        bidLevels.forEach(l -> bids.put(l.price(), l.qty()));
        askLevels.forEach(l -> asks.put(l.price(), l.qty()));
    }

    void apply(EventPayload.BookDelta delta) {
        for (LevelChange change : delta.changes()) {
            TreeMap<Decimal, Decimal> side = change.side() == Side.BUY ? bids : asks;
            if (change.removesLevel()) {
                side.remove(change.price());
            } else {
                side.put(change.price(), change.qty());
            }
        }
    }

    EventPayload.BookSnapshot snapshot() {
        List<Level> b = levels(bids);
        List<Level> a = levels(asks);
        return new EventPayload.BookSnapshot(market, b, a, BookChecksum.of(b, a));
    }

    private static List<Level> levels(TreeMap<Decimal, Decimal> side) {
        List<Level> levels = new ArrayList<>(side.size());
        for (Map.Entry<Decimal, Decimal> e : side.entrySet()) {
            levels.add(new Level(e.getKey(), e.getValue()));
        }
        return levels;
    }
}
