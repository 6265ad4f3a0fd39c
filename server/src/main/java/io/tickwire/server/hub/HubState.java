package io.tickwire.server.hub;

import io.tickwire.engine.book.BookSide;
import io.tickwire.engine.book.OrderBook;
import io.tickwire.engine.event.PayloadTranslator;
import io.tickwire.engine.market.Asset;
import io.tickwire.engine.market.Market;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.Balance;
import io.tickwire.protocol.message.CandleInterval;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Level;
import io.tickwire.protocol.message.Order;
import io.tickwire.protocol.message.Topic;
import io.tickwire.server.core.TradingCore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What a hub starts from: every stream's head and every book and account as of one durable batch.
 * A core's hub takes it from the recovered engine ({@link #capture}); a gateway's from the core's
 * hub ({@link Hub#state}), sent over NATS, and then follows the batches after {@link #batch}.
 *
 * @param epoch            the epoch of every stream's seqs
 * @param batch            the last batch the state reflects
 * @param closedOrdersKept recently closed orders kept per account, for order lookups
 * @param heads            every stream's last seq
 * @param books            every market's book, by market name
 * @param accounts         every account, by user id
 * @param tickers          every market's current ticker, by market name (none for a market without one yet)
 * @param candles          the kept candles of every candle topic, by topic name, oldest first, the open one last
 */
public record HubState(String epoch, long batch, int closedOrdersKept, Map<String, Long> heads,
                       Map<String, Book> books, Map<Long, Account> accounts, Map<String, EventPayload.Ticker> tickers,
                       Map<String, List<EventPayload.Candle>> candles) {

    public HubState {
        heads = Map.copyOf(heads);
        books = Map.copyOf(books);
        accounts = Map.copyOf(accounts);
        // A state written before tickers and candles existed reads back without them.
        tickers = tickers == null ? Map.of() : Map.copyOf(tickers);
        candles = candles == null ? Map.of() : Map.copyOf(candles);
    }

    /** A state without market statistics: a relay's, or a capture's. */
    public HubState(String epoch, long batch, int closedOrdersKept, Map<String, Long> heads, Map<String, Book> books,
                    Map<Long, Account> accounts) {
        this(epoch, batch, closedOrdersKept, heads, books, accounts, Map.of(), Map.of());
    }

    /** A market's levels, best first. */
    public record Book(List<Level> bids, List<Level> asks) {
        public Book {
            bids = List.copyOf(bids);
            asks = List.copyOf(asks);
        }
    }

    /** A user's balances, open orders, and recently closed orders oldest first. */
    public record Account(List<Balance> balances, List<Order> openOrders, List<Order> recentlyClosed) {
        public Account {
            balances = List.copyOf(balances);
            openOrders = List.copyOf(openOrders);
            recentlyClosed = List.copyOf(recentlyClosed);
        }
    }

    /**
     * The state of a core that has just recovered, read on its engine thread: heads and engine state
     * at the same moment, and only if the engine holds nothing that is not durable yet (otherwise a
     * snapshot could show state no durable event describes).
     *
     * @throws IllegalStateException if a command was submitted before the hub started
     */
    public static HubState capture(TradingCore core) throws Exception {
        var journal = core.journal();
        return core.query(engine -> {
            if (core.appendedBatchOnEngineThread() != journal.lastBatch()) {
                throw new IllegalStateException("the hub must start before any command is submitted");
            }
            Map<String, Book> books = new TreeMap<>();
            for (Market market : engine.markets().markets()) {
                OrderBook book = engine.book(market);
                books.put(market.name(), new Book(levels(book.bids(), market), levels(book.asks(), market)));
            }
            Map<Long, Account> accounts = new HashMap<>();
            for (var account : engine.accounts().all()) {
                List<Balance> balances = new ArrayList<>();
                for (Asset asset : engine.markets().assets()) {
                    long avail = account.avail(asset.id());
                    long frozen = account.frozen(asset.id());
                    if (avail != 0 || frozen != 0) {
                        balances.add(new Balance(asset.name(), Decimal.of(avail, asset.scale()),
                                Decimal.of(frozen, asset.scale())));
                    }
                }
                List<Order> open = new ArrayList<>();
                account.openOrders().forEach(o -> open.add(PayloadTranslator.toOrder(o)));
                List<Order> closed = new ArrayList<>();
                account.recentClosedOrders().forEach(o -> closed.add(PayloadTranslator.toOrder(o)));
                accounts.put(account.userId(), new Account(balances, open, closed));
            }
            Map<String, Long> heads = journal.lastSeqs();
            Map<String, EventPayload.Ticker> tickers = new TreeMap<>();
            Map<String, List<EventPayload.Candle>> candles = new TreeMap<>();
            for (Market market : engine.markets().markets()) {
                if (heads.getOrDefault(Topic.ticker(market.name()).name(), 0L) > 0) {
                    tickers.put(market.name(), PayloadTranslator.toTicker(market, engine.statistics().ticker(market,
                            System.currentTimeMillis(), engine.book(market))));
                }
                for (CandleInterval interval : CandleInterval.values()) {
                    List<EventPayload.Candle> kept = new ArrayList<>();
                    engine.statistics().candles(market, interval, (candle, closed) ->
                            kept.add(PayloadTranslator.toCandle(market, interval, candle, closed)));
                    if (!kept.isEmpty()) {
                        candles.put(Topic.candles(market.name(), interval).name(), kept);
                    }
                }
            }
            return new HubState(journal.epoch(), journal.lastBatch(), core.config().closedOrdersKept(), heads, books,
                    accounts, tickers, candles);
        }).get(30, TimeUnit.SECONDS);
    }

    private static List<Level> levels(BookSide side, Market market) {
        List<Level> levels = new ArrayList<>(side.depth());
        for (int i = 0; i < side.depth(); i++) {
            levels.add(new Level(Decimal.of(side.level(i).price(), market.priceScale()),
                    Decimal.of(side.level(i).totalQty(), market.qtyScale())));
        }
        return levels;
    }
}
