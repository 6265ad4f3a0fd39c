package io.tickwire.server.core;

import io.tickwire.codec.JsonBytes;
import io.tickwire.codec.JsonCodec;
import io.tickwire.engine.event.BookChanges;
import io.tickwire.engine.event.CandleView;
import io.tickwire.engine.event.OrderView;
import io.tickwire.engine.event.PayloadTranslator;
import io.tickwire.engine.event.TickerView;
import io.tickwire.engine.market.Asset;
import io.tickwire.engine.market.Market;
import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.protocol.message.CancelReason;
import io.tickwire.protocol.message.CandleInterval;
import io.tickwire.protocol.message.OrderStatus;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.Role;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.TimeInForce;
import java.util.function.Function;

/**
 * The {@code data} of each engine event as JSON, written from the engine's own views and
 * fixed-point values straight into one reused buffer: no payload record, decimal or string in
 * between, and the names of markets, assets and constants quoted once, at start. The bytes are
 * those the codec writes for the records {@link PayloadTranslator} makes of the same callbacks,
 * field for field in the codec's order ({@code BatchRecorderTest} compares them over random
 * command streams). The sequencer thread only.
 */
final class EventJson {
    private static final byte[] ASSET = JsonBytes.name("asset");
    private static final byte[] AVAIL = JsonBytes.name("avail");
    private static final byte[] AVG_PRICE = JsonBytes.name("avg_price");
    private static final byte[] BEST_ASK = JsonBytes.name("best_ask");
    private static final byte[] BEST_BID = JsonBytes.name("best_bid");
    private static final byte[] CANCEL_REASON = JsonBytes.name("cancel_reason");
    private static final byte[] CHANGES = JsonBytes.name("changes");
    private static final byte[] CHECKSUM = JsonBytes.name("checksum");
    private static final byte[] CLIENT_ORDER_ID = JsonBytes.name("client_order_id");
    private static final byte[] CLOSE = JsonBytes.name("close");
    private static final byte[] CLOSE_TIME = JsonBytes.name("close_time");
    private static final byte[] CLOSED = JsonBytes.name("closed");
    private static final byte[] FEE = JsonBytes.name("fee");
    private static final byte[] FEE_ASSET = JsonBytes.name("fee_asset");
    private static final byte[] FILLED_QTY = JsonBytes.name("filled_qty");
    private static final byte[] FROZEN = JsonBytes.name("frozen");
    private static final byte[] HIGH = JsonBytes.name("high");
    private static final byte[] HIGH_24H = JsonBytes.name("high_24h");
    private static final byte[] INTERVAL = JsonBytes.name("interval");
    private static final byte[] LAST = JsonBytes.name("last");
    private static final byte[] LOW = JsonBytes.name("low");
    private static final byte[] LOW_24H = JsonBytes.name("low_24h");
    private static final byte[] MARKET = JsonBytes.name("market");
    private static final byte[] OPEN = JsonBytes.name("open");
    private static final byte[] OPEN_24H = JsonBytes.name("open_24h");
    private static final byte[] OPEN_TIME = JsonBytes.name("open_time");
    private static final byte[] ORDER_ID = JsonBytes.name("order_id");
    private static final byte[] ORDER_TYPE = JsonBytes.name("order_type");
    private static final byte[] PRICE = JsonBytes.name("price");
    private static final byte[] QTY = JsonBytes.name("qty");
    private static final byte[] QUOTE_VOLUME = JsonBytes.name("quote_volume");
    private static final byte[] QUOTE_VOLUME_24H = JsonBytes.name("quote_volume_24h");
    private static final byte[] ROLE = JsonBytes.name("role");
    private static final byte[] SIDE = JsonBytes.name("side");
    private static final byte[] STATUS = JsonBytes.name("status");
    private static final byte[] SYMBOL = JsonBytes.name("symbol");
    private static final byte[] TAKER_SIDE = JsonBytes.name("taker_side");
    private static final byte[] TIF = JsonBytes.name("tif");
    private static final byte[] TRADE_ID = JsonBytes.name("trade_id");
    private static final byte[] TRADED_AT = JsonBytes.name("traded_at");
    private static final byte[] TRADES = JsonBytes.name("trades");
    private static final byte[] TRADES_24H = JsonBytes.name("trades_24h");
    private static final byte[] UPDATED_AT = JsonBytes.name("updated_at");
    private static final byte[] VOLUME = JsonBytes.name("volume");
    private static final byte[] VOLUME_24H = JsonBytes.name("volume_24h");

    private final JsonBytes json;
    // Every name written over and over, quoted once: by market id, asset id, constant's ordinal.
    private final byte[][] marketNames;
    private final byte[][] assetNames;
    private final byte[][] sideNames;
    private final byte[][] sideWires;
    private final byte[][] typeNames;
    private final byte[][] tifNames;
    private final byte[][] statusNames;
    private final byte[][] cancelWires;
    private final byte[][] roleNames;
    private final byte[][] intervalWires;

    EventJson(MarketRegistry markets, JsonCodec codec) {
        this.json = new JsonBytes(codec);
        marketNames = new byte[markets.markets().size()][];
        markets.markets().forEach(m -> marketNames[m.id()] = json.prepare(m.name()));
        assetNames = new byte[markets.assets().size()][];
        markets.assets().forEach(a -> assetNames[a.id()] = json.prepare(a.name()));
        sideNames = prepare(Side.values(), Enum::name);
        sideWires = prepare(Side.values(), Side::wire);
        typeNames = prepare(OrderType.values(), Enum::name);
        tifNames = prepare(TimeInForce.values(), Enum::name);
        statusNames = prepare(OrderStatus.values(), Enum::name);
        cancelWires = prepare(CancelReason.values(), CancelReason::wire);
        roleNames = prepare(Role.values(), Enum::name);
        intervalWires = prepare(CandleInterval.values(), CandleInterval::wire);
    }

    private <E extends Enum<E>> byte[][] prepare(E[] constants, Function<E, String> text) {
        byte[][] prepared = new byte[constants.length][];
        for (E constant : constants) {
            prepared[constant.ordinal()] = json.prepare(text.apply(constant));
        }
        return prepared;
    }

    /** {@code order.update}: the order's state. */
    JsonBytes orderUpdate(OrderView o) {
        Market m = o.market();
        json.reset().startObject()
                .field(ORDER_ID).number(o.orderId())
                .field(CLIENT_ORDER_ID).string(o.clientOrderId())
                .field(SYMBOL).value(marketNames[m.id()])
                .field(SIDE).value(sideNames[o.side().ordinal()])
                .field(ORDER_TYPE).value(typeNames[o.type().ordinal()])
                .field(TIF).value(tifNames[o.tif().ordinal()])
                .field(PRICE);
        if (o.type() == OrderType.MARKET) {
            json.nullValue();
        } else {
            json.decimal(o.price(), m.priceScale());
        }
        json.field(QTY).decimal(o.qty(), m.qtyScale())
                .field(STATUS).value(statusNames[o.status().ordinal()])
                .field(FILLED_QTY).decimal(o.filledQty(), m.qtyScale())
                .field(AVG_PRICE);
        if (o.filledQty() == 0) {
            json.nullValue();
        } else {
            json.decimal(o.avgPrice(), m.priceScale());
        }
        json.field(UPDATED_AT).number(o.updatedAt());
        if (o.cancelReason() != null) {
            json.field(CANCEL_REASON).value(cancelWires[o.cancelReason().ordinal()]);
        }
        return json.endObject();
    }

    /** {@code trade}: one side of a fill, for that order's user, at engine time {@code ts}. */
    JsonBytes trade(OrderView order, long tradeId, Role role, long price, long qty, long fee, long ts) {
        Market m = order.market();
        return json.reset().startObject()
                .field(TRADE_ID).number(tradeId)
                .field(ORDER_ID).number(order.orderId())
                .field(SYMBOL).value(marketNames[m.id()])
                .field(SIDE).value(sideNames[order.side().ordinal()])
                .field(ROLE).value(roleNames[role.ordinal()])
                .field(PRICE).decimal(price, m.priceScale())
                .field(QTY).decimal(qty, m.qtyScale())
                .field(FEE).decimal(fee, m.quote().scale())
                .field(FEE_ASSET).value(assetNames[m.quote().id()])
                .field(TRADED_AT).number(ts)
                .endObject();
    }

    /** {@code balance.update}. */
    JsonBytes balanceUpdate(Asset asset, long avail, long frozen) {
        return json.reset().startObject()
                .field(ASSET).value(assetNames[asset.id()])
                .field(AVAIL).decimal(avail, asset.scale())
                .field(FROZEN).decimal(frozen, asset.scale())
                .endObject();
    }

    /** {@code book.delta}: each level as {@code [side, price, qty]}. */
    JsonBytes bookDelta(Market market, BookChanges changes, long checksum) {
        json.reset().startObject()
                .field(MARKET).value(marketNames[market.id()])
                .field(CHANGES).startArray();
        for (int i = 0; i < changes.size(); i++) {
            json.startArray()
                    .value(sideWires[changes.side(i).ordinal()])
                    .decimal(changes.price(i), market.priceScale())
                    .decimal(changes.qty(i), market.qtyScale())
                    .endArray();
        }
        return json.endArray()
                .field(CHECKSUM).number(checksum)
                .endObject();
    }

    /** {@code market.trade}. */
    JsonBytes marketTrade(Market market, long tradeId, long price, long qty, Side takerSide) {
        return json.reset().startObject()
                .field(TRADE_ID).number(tradeId)
                .field(MARKET).value(marketNames[market.id()])
                .field(PRICE).decimal(price, market.priceScale())
                .field(QTY).decimal(qty, market.qtyScale())
                .field(TAKER_SIDE).value(sideWires[takerSide.ordinal()])
                .endObject();
    }

    /** {@code ticker}: the 24 h statistics and the best levels, {@code null} where there are none. */
    JsonBytes ticker(Market market, TickerView t) {
        int priceScale = market.priceScale();
        json.reset().startObject()
                .field(MARKET).value(marketNames[market.id()])
                .field(LAST);
        optionalPrice(t.hasLast(), t.last(), priceScale);
        json.field(BEST_BID);
        level(t.hasBid(), t.bidPrice(), t.bidQty(), market);
        json.field(BEST_ASK);
        level(t.hasAsk(), t.askPrice(), t.askQty(), market);
        boolean traded = t.trades() > 0;
        json.field(OPEN_24H);
        optionalPrice(traded, t.open(), priceScale);
        json.field(HIGH_24H);
        optionalPrice(traded, t.high(), priceScale);
        json.field(LOW_24H);
        optionalPrice(traded, t.low(), priceScale);
        return json.field(VOLUME_24H).decimal(t.volume(), market.base().scale())
                .field(QUOTE_VOLUME_24H).decimal(t.quoteVolume(), market.quote().scale())
                .field(TRADES_24H).number(t.trades())
                .endObject();
    }

    /** {@code candle}. */
    JsonBytes candle(Market market, CandleInterval interval, CandleView c, boolean closed) {
        int priceScale = market.priceScale();
        return json.reset().startObject()
                .field(MARKET).value(marketNames[market.id()])
                .field(INTERVAL).value(intervalWires[interval.ordinal()])
                .field(OPEN_TIME).number(c.openTime())
                .field(CLOSE_TIME).number(c.openTime() + interval.millis() - 1)
                .field(OPEN).decimal(c.open(), priceScale)
                .field(HIGH).decimal(c.high(), priceScale)
                .field(LOW).decimal(c.low(), priceScale)
                .field(CLOSE).decimal(c.close(), priceScale)
                .field(VOLUME).decimal(c.volume(), market.base().scale())
                .field(QUOTE_VOLUME).decimal(c.quoteVolume(), market.quote().scale())
                .field(TRADES).number(c.trades())
                .field(CLOSED).bool(closed)
                .endObject();
    }

    private void optionalPrice(boolean present, long price, int priceScale) {
        if (present) {
            json.decimal(price, priceScale);
        } else {
            json.nullValue();
        }
    }

    private void level(boolean present, long price, long qty, Market market) {
        if (present) {
            json.startArray().decimal(price, market.priceScale()).decimal(qty, market.qtyScale()).endArray();
        } else {
            json.nullValue();
        }
    }
}
