package io.tickwire.client.book;

import io.tickwire.protocol.message.Level;
import java.util.List;
import java.util.Optional;

/**
 * An immutable look at a local book. When {@code valid} is false the levels are empty: a book
 * known to be wrong is never served.
 *
 * @param seq  the last event the view reflects
 * @param bids best (highest) first
 * @param asks best (lowest) first
 */
public record BookView(String market, boolean valid, long seq, List<Level> bids, List<Level> asks) {
    public BookView {
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }

    public Optional<Level> bestBid() {
        return bids.isEmpty() ? Optional.empty() : Optional.of(bids.get(0));
    }

    public Optional<Level> bestAsk() {
        return asks.isEmpty() ? Optional.empty() : Optional.of(asks.get(0));
    }
}
