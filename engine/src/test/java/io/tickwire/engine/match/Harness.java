package io.tickwire.engine.match;

import io.tickwire.engine.book.UserAccount;
import io.tickwire.engine.book.BookSide;
import io.tickwire.engine.book.OrderBook;
import io.tickwire.engine.book.PriceLevel;
import io.tickwire.engine.command.Command;
import io.tickwire.engine.event.PayloadTranslator;
import io.tickwire.engine.event.Receipt;
import io.tickwire.engine.market.Market;
import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.OrderRef;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.TimeInForce;
import java.util.ArrayList;
import java.util.List;

/** A venue for tests: BTC-USDT (price scale 2, qty scale 3, maker 0.1 %, taker 0.2 %). */
final class Harness {

    final MatchingEngine engine = new MatchingEngine(registry());

    final PayloadTranslator recorder = new PayloadTranslator();

    final Market btc = engine.markets().market("BTC-USDT");

    private long requestId;

    private long ts = 1_700_000_000_000L;

    static MarketRegistry registry() {
        return MarketRegistry.builder()
                .asset("BTC", 8).asset("ETH", 8).asset("USDT", 6)
                .market("BTC", "USDT", 2, 3, "0.001", 1000, 2000)
                .market("ETH", "USDT", 2, 4, "0.0001", 0, 0)
                .build();
    }

    Receipt run(Command command) {
        recorder.clear();
        engine.process(command, ++ts, recorder);
        return recorder.lastReceipt();
    }

    /** Moves the engine's clock on by {@code ms} (each command also advances it by 1 ms). */
    void advance(long ms) {
        ts += ms;
    }

    /** A limit order as a batch holds it: the batch's ids are given when it is made. */
    Command.Place order(long request, long user, Side side, String price, String qty, String clientId) {
        return new Command.Place(request, user, "BTC-USDT", side, OrderType.LIMIT, TimeInForce.GTC,
                Decimal.parse(price), Decimal.parse(qty), clientId);
    }

    /** The engine time the next command runs at (each command advances it by 1 ms). */
    long nextTs() {
        return ts + 1;
    }

    long nextRequest() {
        return ++requestId;
    }

    Receipt deposit(long user, String asset, String amount) {
        return run(new Command.Deposit(nextRequest(), user, asset, Decimal.parse(amount)));
    }

    Receipt limit(long user, Side side, String price, String qty) {
        return place(user, side, OrderType.LIMIT, TimeInForce.GTC, price, qty, null);
    }

    Receipt place(long user, Side side, OrderType type, TimeInForce tif, String price, String qty, String clientId) {
        return run(new Command.Place(nextRequest(), user, "BTC-USDT", side, type, tif,
                price == null ? null : Decimal.parse(price), Decimal.parse(qty), clientId));
    }

    Receipt cancel(long user, long orderId) {
        return run(new Command.Cancel(nextRequest(), user, OrderRef.byId(orderId)));
    }

    Receipt amend(long user, long orderId, String price, String qty) {
        return run(new Command.Amend(nextRequest(), user, OrderRef.byId(orderId),
                price == null ? null : Decimal.parse(price), qty == null ? null : Decimal.parse(qty)));
    }

    /** {@code avail/frozen} of one asset, as decimal strings. */
    String balance(long user, String assetName) {
        var asset = engine.markets().asset(assetName);
        UserAccount account = engine.accounts().get(user);
        long avail = account == null ? 0 : account.avail(asset.id());
        long frozen = account == null ? 0 : account.frozen(asset.id());
        return Decimal.format(avail, asset.scale()) + "/" + Decimal.format(frozen, asset.scale());
    }

    /** The side's levels, best first, as {@code price:qty(orders)}. */
    List<String> levels(Side side) {
        OrderBook book = engine.book(btc);
        BookSide bookSide = book.side(side);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < bookSide.depth(); i++) {
            PriceLevel level = bookSide.level(i);
            out.add(Decimal.format(level.price(), btc.priceScale()) + ":" + Decimal.format(level.totalQty(),
                    btc.qtyScale())
                    + "(" + level.orderCount() + ")");
        }
        return out;
    }

    /** Order ids at a price, oldest first. */
    List<Long> queue(Side side, String price) {
        PriceLevel level = engine.book(btc).side(side).find(Decimal.parse(price).unscaledAt(btc.priceScale()));
        List<Long> ids = new ArrayList<>();
        for (var o = level == null ? null : level.head(); o != null; o = o.nextInLevel()) {
            ids.add(o.orderId());
        }
        return ids;
    }

    /** The payloads of the last command, of one type. */
    <T extends EventPayload> List<T> last(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (PayloadTranslator.Emitted e : recorder.events()) {
            if (type.isInstance(e.payload())) {
                out.add(type.cast(e.payload()));
            }
        }
        return out;
    }
}
