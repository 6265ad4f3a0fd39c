package io.tickwire.engine.match;

import io.tickwire.engine.market.Asset;
import io.tickwire.engine.market.Market;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.decimal.DecimalFormatException;
import io.tickwire.protocol.message.RejectCode;

/**
 * Wire decimals as the engine's fixed-point units: an asset's amount, a market's quantity and
 * price, each at its scale and positive, or a {@link Rejection} naming the field.
 */
final class Units {

    private Units() {
    }

    static long amount(Asset asset, Decimal amount) {
        return positiveUnits(amount, asset.scale(), RejectCode.INVALID_AMOUNT, "amount");
    }

    static long quantity(Market market, Decimal qty) {
        return positiveUnits(qty, market.qtyScale(), RejectCode.INVALID_QTY, "qty");
    }

    static long price(Market market, Decimal price) {
        return positiveUnits(price, market.priceScale(), RejectCode.INVALID_PRICE, "price");
    }

    /** A wire decimal as a positive fixed-point value at {@code scale}, or a rejection with {@code code}. */
    static long positiveUnits(Decimal value, int scale, RejectCode code, String field) {
        long units;
        try {
            units = value.unscaledAt(scale);
        } catch (DecimalFormatException e) {
            throw new Rejection(code, field + ": " + e.getMessage());
        }
        if (units <= 0) {
            throw new Rejection(code, field + " must be positive");
        }
        return units;
    }
}
