package io.tickwire.server.hub;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.tickwire.engine.market.Asset;
import io.tickwire.engine.market.Market;
import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.protocol.decimal.Decimal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The state a gateway node starts from, as the core sends it: its hub's {@link HubState} and the
 * venue's markets, in JSON (decimals as strings, as on the wire). Sent on request, not stored;
 * cut into parts like a batch when it is larger than a NATS message.
 */
public final class HubStateCodec {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new SimpleModule("tickwire-decimal")
                    .addSerializer(Decimal.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(Decimal value, JsonGenerator g, SerializerProvider p)
                                throws IOException {
                            g.writeString(value.toString());
                        }
                    })
                    .addDeserializer(Decimal.class, new JsonDeserializer<>() {
                        @Override
                        public Decimal deserialize(JsonParser p, DeserializationContext c) throws IOException {
                            return Decimal.parse(p.getValueAsString());
                        }
                    }))
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** A venue's assets and markets, as a gateway rebuilds its {@link MarketRegistry} from them. */
    record Venue(List<AssetSpec> assets, List<MarketSpec> markets) {
    }

    record AssetSpec(String name, int scale) {
    }

    record MarketSpec(String base, String quote, int priceScale, int qtyScale, String minQty, long makerFeePpm,
                      long takerFeePpm) {
    }

    /** What a gateway node gets from the core. */
    public record NodeStart(HubState state, MarketRegistry markets) {
    }

    private record Wire(HubState state, Venue venue) {
    }

    private HubStateCodec() {
    }

    /** The JSON of a state and the venue's markets. */
    public static byte[] encode(HubState state, MarketRegistry markets) {
        List<AssetSpec> assets = new ArrayList<>();
        for (Asset a : markets.assets()) {
            assets.add(new AssetSpec(a.name(), a.scale()));
        }
        List<MarketSpec> specs = new ArrayList<>();
        for (Market m : markets.markets()) {
            specs.add(new MarketSpec(m.base().name(), m.quote().name(), m.priceScale(), m.qtyScale(),
                    Decimal.of(m.minQty(), m.qtyScale()).toString(), m.makerFeePpm(), m.takerFeePpm()));
        }
        try {
            return JSON.writeValueAsBytes(new Wire(state, new Venue(assets, specs)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The state and markets in {@code json}.
     *
     * @throws IllegalArgumentException if it is not such a document
     */
    public static NodeStart decode(byte[] json) {
        Wire wire;
        try {
            wire = JSON.readValue(json, Wire.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a Tickwire state: " + e.getMessage(), e);
        }
        if (wire == null || wire.state() == null || wire.venue() == null) {
            throw new IllegalArgumentException("not a Tickwire state: state or venue missing");
        }
        MarketRegistry.Builder builder = MarketRegistry.builder();
        wire.venue().assets().forEach(a -> builder.asset(a.name(), a.scale()));
        wire.venue().markets().forEach(m -> builder.market(m.base(), m.quote(), m.priceScale(), m.qtyScale(),
                m.minQty(), m.makerFeePpm(), m.takerFeePpm()));
        return new NodeStart(wire.state(), builder.build());
    }
}
