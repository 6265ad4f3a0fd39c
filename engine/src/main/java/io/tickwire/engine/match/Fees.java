package io.tickwire.engine.match;

import io.tickwire.engine.market.Market;

/**
 * Fee and notional arithmetic. Fees are charged in the quote asset and rounded down to the
 * quote asset's unit on every fill: rounding down is what guarantees that the fees of many
 * partial fills never add up to more than a buy order reserved for them, since
 * {@code floor(a) + floor(b) <= floor(a + b)}. The venue forgoes less than one unit per fill.
 */
public final class Fees {

    private Fees() {
    }

    /** {@code floor(amount x ppm / 1e6)} without overflow for any amount that fits a long. */
    public static long fee(long amount, long ppm) {
        return (amount / Market.PPM) * ppm + (amount % Market.PPM) * ppm / Market.PPM;
    }

    /** Quote units of {@code price x qty}; throws {@link ArithmeticException} on overflow. */
    public static long notional(Market market, long price, long qty) {
        return Math.multiplyExact(Math.multiplyExact(price, qty), market.notionalToQuote());
    }

    /** What a limit buy freezes: its notional at the limit plus the largest fee it could pay. */
    public static long buyReserve(Market market, long price, long qty) {
        long notional = notional(market, price, qty);
        return Math.addExact(notional, fee(notional, market.maxFeePpm()));
    }

    /** Base units of a quantity. */
    public static long baseUnits(Market market, long qty) {
        return Math.multiplyExact(qty, market.qtyToBase());
    }
}
