package io.tickwire.protocol.message;

import io.tickwire.protocol.decimal.Decimal;
import java.util.Objects;

/** One price level of a book snapshot: {@code ["84999.50","0.250"]} on the wire. */
public record Level(Decimal price, Decimal qty) {
    public Level {
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(qty, "qty");
    }
}
