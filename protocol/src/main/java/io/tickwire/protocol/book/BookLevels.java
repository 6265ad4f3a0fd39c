package io.tickwire.protocol.book;

import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.Level;
import io.tickwire.protocol.message.LevelChange;
import io.tickwire.protocol.message.Side;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A book as the wire describes it: price levels per side, loaded from a snapshot and changed by
 * deltas (absolute quantities, zero removes). What the server's hub and the SDK's local book both
 * keep; each adds its own rules around it (durable seqs, self-checks). Not thread-safe.
 */
public final class BookLevels {
    private final TreeMap<Decimal, Decimal> bids = new TreeMap<>(Comparator.reverseOrder());
    private final TreeMap<Decimal, Decimal> asks = new TreeMap<>();
    private final BookChecksum checksum = new BookChecksum();

    /** Replaces the whole book; each side best first, as in a snapshot. */
    public void load(List<Level> bidLevels, List<Level> askLevels) {
        bids.clear();
        asks.clear();
        bidLevels.forEach(l -> bids.put(l.price(), l.qty()));
        askLevels.forEach(l -> asks.put(l.price(), l.qty()));
    }

    /** Applies a delta's changes. */
    public void apply(List<LevelChange> changes) {
        for (LevelChange change : changes) {
            TreeMap<Decimal, Decimal> side = change.side() == Side.BUY ? bids : asks;
            if (change.removesLevel()) {
                side.remove(change.price());
            } else {
                side.put(change.price(), change.qty());
            }
        }
    }

    /** The best {@code depth} levels of a side, best first. */
    public List<Level> top(Side side, int depth) {
        TreeMap<Decimal, Decimal> levels = side == Side.BUY ? bids : asks;
        List<Level> out = new ArrayList<>(Math.min(depth, levels.size()));
        for (Map.Entry<Decimal, Decimal> e : levels.entrySet()) {
            if (out.size() == depth) {
                break;
            }
            out.add(new Level(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** Every level of a side, best first. */
    public List<Level> all(Side side) {
        return top(side, Integer.MAX_VALUE);
    }

    /** Number of levels on a side. */
    public int depth(Side side) {
        return side == Side.BUY ? bids.size() : asks.size();
    }

    /** The protocol checksum of the best {@value BookChecksum#DEPTH} levels per side. */
    public long checksum() {
        checksum.reset();
        top(Side.SELL, BookChecksum.DEPTH).forEach(checksum::add);
        top(Side.BUY, BookChecksum.DEPTH).forEach(checksum::add);
        return checksum.value();
    }
}
