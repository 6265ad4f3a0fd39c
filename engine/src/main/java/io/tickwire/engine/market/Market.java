package io.tickwire.engine.market;

import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.Topic;
import java.util.Objects;

/**
 * A market's static configuration. Prices are fixed-point at {@code priceScale} (the tick is
 * 10<sup>-priceScale</sup>), quantities at {@code qtyScale} (the lot). A fill's notional
 * {@code price x qty} has {@code priceScale + qtyScale} fraction digits, so the quote asset
 * must have at least that many for settlement to be exact; the base asset at least
 * {@code qtyScale}.
 *
 * @param id          dense index, 0-based
 * @param minQty      smallest order quantity, at {@code qtyScale}
 * @param makerFeePpm fee charged to the maker, in millionths of the notional (1000 = 0.1 %)
 * @param takerFeePpm fee charged to the taker, in millionths of the notional
 */
public record Market(int id, String name, Asset base, Asset quote, int priceScale, int qtyScale, long minQty,
                     long makerFeePpm, long takerFeePpm) {

    /** Fee rates are in millionths. */
    public static final long PPM = 1_000_000L;

    public Market {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(quote, "quote");
        if (!Topic.isMarket(name) || !name.equals(base.name() + "-" + quote.name())) {
            throw new IllegalArgumentException("market name must be BASE-QUOTE of its assets: " + name);
        }
        if (priceScale < 0 || qtyScale < 0 || priceScale + qtyScale > 18) {
            throw new IllegalArgumentException(name + ": priceScale and qtyScale must be >= 0 and sum to <= 18");
        }
        if (base.scale() < qtyScale) {
            throw new IllegalArgumentException(name + ": base asset " + base.name() + " has scale " + base.scale()
                    + ", below the market's qtyScale " + qtyScale);
        }
        if (quote.scale() < priceScale + qtyScale) {
            throw new IllegalArgumentException(name + ": quote asset " + quote.name() + " has scale " + quote.scale()
                    + "; settlement needs at least priceScale + qtyScale = " + (priceScale + qtyScale));
        }
        if (minQty <= 0) {
            throw new IllegalArgumentException(name + ": minQty must be positive");
        }
        if (makerFeePpm < 0 || takerFeePpm < 0 || makerFeePpm >= PPM || takerFeePpm >= PPM) {
            throw new IllegalArgumentException(name + ": fee rates must be in [0, 1)");
        }
    }

    /** The largest of the two fee rates: what a resting buy must reserve for. */
    public long maxFeePpm() {
        return Math.max(makerFeePpm, takerFeePpm);
    }

    /** Multiplier from {@code price x qty} units to quote-asset units. */
    public long notionalToQuote() {
        return Decimal.powerOfTen(quote.scale() - priceScale - qtyScale);
    }

    /** Multiplier from quantity units to base-asset units. */
    public long qtyToBase() {
        return Decimal.powerOfTen(base.scale() - qtyScale);
    }
}
