package io.tickwire.engine.market;

import io.tickwire.protocol.decimal.Decimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The assets and markets of a venue, by name and by dense id. Immutable once built. */
public final class MarketRegistry {

    private final List<Asset> assets;
    private final List<Market> markets;
    private final Map<String, Asset> assetsByName = new HashMap<>();
    private final Map<String, Market> marketsByName = new HashMap<>();

    private MarketRegistry(List<Asset> assets, List<Market> markets) {
        this.assets = Collections.unmodifiableList(assets);
        this.markets = Collections.unmodifiableList(markets);
        assets.forEach(a -> assetsByName.put(a.name(), a));
        markets.forEach(m -> marketsByName.put(m.name(), m));
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Asset> assets() {
        return assets;
    }

    public List<Market> markets() {
        return markets;
    }

    public Asset asset(int id) {
        return assets.get(id);
    }

    public Market market(int id) {
        return markets.get(id);
    }

    /** The asset of that name, or {@code null}. */
    public Asset asset(String name) {
        return assetsByName.get(name);
    }

    /** The market of that name, or {@code null}. */
    public Market market(String name) {
        return marketsByName.get(name);
    }

    /** Collects assets and markets and assigns their ids in the order they are added. */
    public static final class Builder {
        private final List<Asset> assets = new ArrayList<>();
        private final List<Market> markets = new ArrayList<>();

        /** Adds an asset with that many fraction digits. */
        public Builder asset(String name, int scale) {
            for (Asset a : assets) {
                if (a.name().equals(name)) {
                    throw new IllegalArgumentException("asset " + name + " is defined twice");
                }
            }
            assets.add(new Asset(assets.size(), name, scale));
            return this;
        }

        /**
         * Adds the market {@code BASE-QUOTE} of two assets already added.
         *
         * @param minQty      smallest order quantity as a decimal string, e.g. {@code "0.0001"}
         * @param makerFeePpm maker fee in millionths of the notional
         * @param takerFeePpm taker fee in millionths of the notional
         */
        public Builder market(String base, String quote, int priceScale, int qtyScale, String minQty,
                              long makerFeePpm, long takerFeePpm) {
            Asset b = find(base);
            Asset q = find(quote);
            String name = base + "-" + quote;
            for (Market m : markets) {
                if (m.name().equals(name)) {
                    throw new IllegalArgumentException("market " + name + " is defined twice");
                }
            }
            long min = Decimal.parse(minQty).unscaledAt(qtyScale);
            markets.add(new Market(markets.size(), name, b, q, priceScale, qtyScale, min, makerFeePpm, takerFeePpm));
            return this;
        }

        private Asset find(String name) {
            for (Asset a : assets) {
                if (a.name().equals(name)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("unknown asset " + name + "; add it before the market");
        }

        public MarketRegistry build() {
            return new MarketRegistry(new ArrayList<>(assets), new ArrayList<>(markets));
        }
    }
}
