package io.tickwire.engine.market;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An asset balances are kept in, with the number of fraction digits every amount of it has.
 *
 * @param id    dense index, 0-based, assigned by {@link MarketRegistry}
 * @param name  e.g. {@code BTC}
 * @param scale fraction digits of every balance of this asset
 */
public record Asset(int id, String name, int scale) {
    private static final Pattern NAME = Pattern.compile("[A-Z0-9]{1,16}");

    public Asset {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("asset name must be 1 to 16 of A-Z 0-9: " + name);
        }
        if (scale < 0 || scale > 18) {
            throw new IllegalArgumentException("asset " + name + ": scale must be 0 to 18, was " + scale);
        }
    }
}
