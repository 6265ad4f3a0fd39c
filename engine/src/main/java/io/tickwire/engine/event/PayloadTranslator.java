package io.tickwire.engine.event;

import io.tickwire.engine.command.Command;
import io.tickwire.engine.market.Asset;
import io.tickwire.engine.market.Market;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.Balance;
import io.tickwire.protocol.message.EventPayload;
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
 * topics, in order. It runs on the sequencer thread for every command (the server's
 * {@code JournalingOutput} encodes what it records), and allocates a record per event: the
 * payload encoding there is the sequencer's next cost to remove (docs/performance.md).
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
        receipts.add(new Receipt(command.requestId(), command.userId(), accepted, orderId, clientOrderId, code,
                message));
    }

    @Override
    public void canceledAll(Command command, int canceled) {
        receipts.add(new Receipt(command.requestId(), command.userId(), true, 0, null, null, null, canceled));
    }

    @Override
    public void commandEnd() {
    }
}
