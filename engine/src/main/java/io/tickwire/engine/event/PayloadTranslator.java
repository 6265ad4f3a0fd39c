package io.tickwire.engine.event;

import io.tickwire.engine.command.Command;
import io.tickwire.engine.market.Asset;
import io.tickwire.engine.market.Market;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.Balance;
import io.tickwire.protocol.message.CandleInterval;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Level;
import io.tickwire.protocol.message.LevelChange;
import io.tickwire.protocol.message.Order;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.RejectCode;
import io.tickwire.protocol.message.Role;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.Topic;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the engine's callbacks into wire payloads ({@link EventPayload} records) with their
 * topics, in order, and the receipts. Not on the sequencer's path: the core writes each event's
 * JSON straight from the callbacks into its journal batch (the server's {@code BatchRecorder}),
 * making no record. This is the records' form of the same events, for the tests that hold the
 * core's bytes to the codec's for these records, and its {@code to...} conversions for the
 * states the hub starts from.
 */
public final class PayloadTranslator implements EngineEventSink {

    /**
     * One event for one stream.
     *
     * @param userId the owner for {@code account} events, 0 for public topics
     */
    public record Emitted(Topic topic, long userId, long ts, EventPayload payload) {
    }

    private final List<Emitted> events = new ArrayList<>();
    private final List<Receipt> receipts = new ArrayList<>();
    /** The orders' receipts of the batch being processed, or {@code null}. */
    private List<Receipt> batchResults;
    private long ts;

    public List<Emitted> events() {
        return events;
    }

    public List<Receipt> receipts() {
        return receipts;
    }

    /** The last receipt recorded. */
    public Receipt lastReceipt() {
        return receipts.get(receipts.size() - 1);
    }

    public void clear() {
        events.clear();
        receipts.clear();
    }

    @Override
    public void commandStart(Command command, long ts) {
        this.ts = ts;
        batchResults = command instanceof Command.PlaceBatch ? new ArrayList<>() : null;
    }

    @Override
    public void orderUpdate(OrderView order) {
        events.add(new Emitted(Topic.account(), order.userId(), ts, new EventPayload.OrderUpdate(toOrder(order))));
    }

    /** The wire form of an order's state. */
    public static Order toOrder(OrderView o) {
        Market m = o.market();
        return new Order(o.orderId(), o.clientOrderId(), m.name(), o.side(), o.type(), o.tif(),
                o.type() == OrderType.MARKET ? null : Decimal.of(o.price(), m.priceScale()),
                Decimal.of(o.qty(), m.qtyScale()), o.status(), Decimal.of(o.filledQty(), m.qtyScale()),
                o.filledQty() == 0 ? null : Decimal.of(o.avgPrice(), m.priceScale()), o.updatedAt(),
                o.cancelReason());
    }

    @Override
    public void trade(OrderView order, long tradeId, Role role, long price, long qty, long fee) {
        Market m = order.market();
        events.add(new Emitted(Topic.account(), order.userId(), ts, new EventPayload.Trade(tradeId, order.orderId(),
                m.name(), order.side(), role, Decimal.of(price, m.priceScale()), Decimal.of(qty, m.qtyScale()),
                Decimal.of(fee, m.quote().scale()), m.quote().name(), ts)));
    }

    @Override
    public void balanceUpdate(long userId, Asset asset, long avail, long frozen) {
        events.add(new Emitted(Topic.account(), userId, ts, new EventPayload.BalanceUpdate(new Balance(asset.name(),
                Decimal.of(avail, asset.scale()), Decimal.of(frozen, asset.scale())))));
    }

    @Override
    public void bookDelta(Market market, BookChanges changes, long checksum) {
        List<LevelChange> list = new ArrayList<>(changes.size());
        for (int i = 0; i < changes.size(); i++) {
            list.add(new LevelChange(changes.side(i), Decimal.of(changes.price(i), market.priceScale()),
                    Decimal.of(changes.qty(i), market.qtyScale())));
        }
        events.add(new Emitted(Topic.book(market.name()), 0, ts, new EventPayload.BookDelta(market.name(), list,
                checksum)));
    }

    @Override
    public void marketTrade(Market market, long tradeId, long price, long qty, Side takerSide) {
        events.add(new Emitted(Topic.trades(market.name()), 0, ts, new EventPayload.MarketTrade(tradeId, market.name(),
                Decimal.of(price, market.priceScale()), Decimal.of(qty, market.qtyScale()), takerSide)));
    }

    @Override
    public void receipt(Command command, boolean accepted, long orderId, String clientOrderId, RejectCode code,
                        String message) {
        if (batchResults == null) {
            receipts.add(new Receipt(command.requestId(), command.userId(), accepted, orderId, clientOrderId, code,
                    message));
        } else if (command instanceof Command.Place) {
            batchResults.add(new Receipt(command.requestId(), command.userId(), accepted, orderId, clientOrderId,
                    code, message));
        } else {
            // A batch refused as a whole (too large) placed no order, so it has no per-order results.
            receipts.add(new Receipt(command.requestId(), command.userId(), accepted, 0, null, code, message, -1,
                    batchResults.isEmpty() ? null : batchResults, -1));
            batchResults = null;
        }
    }

    @Override
    public void cancelAllAfter(Command command, long triggerAt) {
        receipts.add(new Receipt(command.requestId(), command.userId(), true, 0, null, null, null, -1, null,
                triggerAt));
    }

    @Override
    public void ticker(Market market, TickerView ticker) {
        events.add(new Emitted(Topic.ticker(market.name()), 0, ts, toTicker(market, ticker)));
    }

    /** The wire form of a ticker. */
    public static EventPayload.Ticker toTicker(Market market, TickerView t) {
        return new EventPayload.Ticker(market.name(),
                t.hasLast() ? Decimal.of(t.last(), market.priceScale()) : null,
                t.hasBid() ? new Level(Decimal.of(t.bidPrice(), market.priceScale()),
                        Decimal.of(t.bidQty(), market.qtyScale())) : null,
                t.hasAsk() ? new Level(Decimal.of(t.askPrice(), market.priceScale()),
                        Decimal.of(t.askQty(), market.qtyScale())) : null,
                t.trades() > 0 ? Decimal.of(t.open(), market.priceScale()) : null,
                t.trades() > 0 ? Decimal.of(t.high(), market.priceScale()) : null,
                t.trades() > 0 ? Decimal.of(t.low(), market.priceScale()) : null,
                Decimal.of(t.volume(), market.base().scale()), Decimal.of(t.quoteVolume(), market.quote().scale()),
                t.trades());
    }

    @Override
    public void candle(Market market, CandleInterval interval, CandleView c, boolean closed) {
        events.add(new Emitted(Topic.candles(market.name(), interval), 0, ts, toCandle(market, interval, c, closed)));
    }

    /** The wire form of a candle. */
    public static EventPayload.Candle toCandle(Market market, CandleInterval interval, CandleView c,
                                               boolean closed) {
        return new EventPayload.Candle(market.name(), interval, c.openTime(), c.openTime() + interval.millis() - 1,
                Decimal.of(c.open(), market.priceScale()), Decimal.of(c.high(), market.priceScale()),
                Decimal.of(c.low(), market.priceScale()), Decimal.of(c.close(), market.priceScale()),
                Decimal.of(c.volume(), market.base().scale()), Decimal.of(c.quoteVolume(), market.quote().scale()),
                c.trades(), closed);
    }

    @Override
    public void canceledAll(Command command, int canceled) {
        receipts.add(new Receipt(command.requestId(), command.userId(), true, 0, null, null, null, canceled));
    }

    @Override
    public void commandEnd() {
    }
}
