package io.tickwire.protocol.message;

import io.tickwire.protocol.decimal.Decimal;
import java.util.Objects;

/**
 * The new absolute quantity of one level in a {@code book.delta}: {@code ["buy","84999.50","0.000"]}.
 * A zero quantity removes the level.
 */
public record LevelChange(Side side, Decimal price, Decimal qty) {
    public LevelChange {
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(price, "price");
        Objects.requireNonNull(qty, "qty");
    }

    /** True when this change removes the level. */
    public boolean removesLevel() {
        return qty.isZero();
    }
}
