package io.tickwire.protocol.message;

import io.tickwire.protocol.decimal.Decimal;
import java.util.Objects;

/** A user's balance of one asset: what is available and what open orders hold frozen. */
public record Balance(String asset, Decimal avail, Decimal frozen) {
    public Balance {
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(avail, "avail");
        Objects.requireNonNull(frozen, "frozen");
    }
}
