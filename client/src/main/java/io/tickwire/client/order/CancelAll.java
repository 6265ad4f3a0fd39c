package io.tickwire.client.order;

import io.tickwire.protocol.message.Topic;
import java.util.Objects;
import java.util.Optional;

/**
 * Which open orders a cancel-all cancels ({@code order.cancel_all}, protocol 1.1), immutable:
 * the user's orders in one market, or everywhere.
 *
 * <pre>{@code
 * client.cancelAll(CancelAll.inMarket("BTC-USDT"));
 * client.cancelAll(CancelAll.everywhere());
 * }</pre>
 */
public final class CancelAll {
    private static final CancelAll EVERYWHERE = new CancelAll(null);

    private final String market;

    private CancelAll(String market) {
        this.market = market;
    }

    /**
     * The user's open orders in {@code market}.
     *
     * @throws IllegalArgumentException if {@code market} is not a market name ({@code BASE-QUOTE})
     */
    public static CancelAll inMarket(String market) {
        Objects.requireNonNull(market, "market");
        if (!Topic.isMarket(market)) {
            throw new IllegalArgumentException("market: expected BASE-QUOTE, e.g. BTC-USDT, was \"" + market + "\"");
        }
        return new CancelAll(market);
    }

    /** Every open order of the user, in every market. */
    public static CancelAll everywhere() {
        return EVERYWHERE;
    }

    /** The market, or empty for every market. */
    public Optional<String> market() {
        return Optional.ofNullable(market);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CancelAll other && Objects.equals(market, other.market);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(market);
    }

    @Override
    public String toString() {
        return market == null ? "CancelAll.everywhere()" : "CancelAll.inMarket(" + market + ")";
    }
}
