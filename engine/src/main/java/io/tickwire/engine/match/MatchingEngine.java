package io.tickwire.engine.match;

import io.tickwire.engine.book.Accounts;
import io.tickwire.engine.book.UserAccount;
import io.tickwire.engine.book.OrderBook;
import io.tickwire.engine.book.PriceLevel;
import io.tickwire.engine.book.RestingOrder;
import io.tickwire.engine.command.Command;
import io.tickwire.engine.event.EngineEventSink;
import io.tickwire.engine.market.Asset;
import io.tickwire.engine.market.Market;
import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.CancelReason;
import io.tickwire.protocol.message.OrderRef;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.RejectCode;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.TimeInForce;
import io.tickwire.engine.stats.MarketStatistics;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import java.util.SortedMap;
import org.slf4j.LoggerFactory;

/**
 * The matching engine: every order book and account of the venue, changed by one thread only,
 * one command at a time. Deterministic: the same commands with the same timestamps yield the
 * same events in the same order, and the same ids.
 *
 * <p>Rules, beyond price-time priority:
 * <ul>
 * <li>Self-trade prevention: an order never fills against an order of the same user. When the
 *     next maker is the taker's own, matching stops and the taker's remainder is cancelled
 *     (the resting order stays).</li>
 * <li>A market order is IOC or FOK; its unfilled remainder is cancelled. A market buy spends
 *     only what is available, filling less when the balance runs out.</li>
 * <li>POST_ONLY is rejected when it would take; FOK is rejected when it cannot fill entirely
 *     at once (counting self-trade prevention and, for a market buy, the balance).</li>
 * <li>A limit buy freezes its notional at the limit plus the larger of the two fee rates; a
 *     sell freezes its quantity. Fills settle from what is frozen; whatever is left when the
 *     order closes is released.</li>
 * <li>Only accepted orders take an order id and reserve their {@code client_order_id}; a
 *     rejected place can be retried with the same client id.</li>
 * </ul>
 *
 * <p>Here: the state, the dispatch of a command, and placing, cancelling and amending orders.
 * Matching and closing orders are {@link OrderMatcher}'s, taking orders off their books
 * {@link OrderCancels}', the dead man's switch {@link DeadManSwitches}', cancel on disconnect
 * {@link DisconnectCancels}', deposits and withdrawals {@link Transfers}'; they share the command
 * being applied ({@link CommandContext}). Funds checks and a fill's balance moves are
 * {@link Settlement}'s, wire decimals become units in {@link Units}, what a command changed is
 * reported by {@link CommandReport}, and the state's bytes are {@link EngineSnapshot}'s.
 */
public final class MatchingEngine {

    /** Closed orders remembered per user for client-id deduplication and lookups. */
    public static final int DEFAULT_CLOSED_ORDERS_KEPT = 1000;

    private final MarketRegistry markets;
    private final OrderBook[] books;
    private final Accounts accounts;
    private final Long2ObjectHashMap<RestingOrder> openOrders = new Long2ObjectHashMap<>();
    private final MarketStatistics statistics;
    /** The command being applied, reused. */
    private final CommandContext current;
    private final OrderMatcher matcher;
    private final OrderCancels cancels;
    private final DeadManSwitches switches;
    private final DisconnectCancels disconnects;
    private final Transfers transfers;
    private long nextOrderId = 1;

    public MatchingEngine(MarketRegistry markets) {
        this(markets, DEFAULT_CLOSED_ORDERS_KEPT);
    }

    public MatchingEngine(MarketRegistry markets, int closedOrdersKept) {
        this.markets = markets;
        this.books = new OrderBook[markets.markets().size()];
        for (Market market : markets.markets()) {
            books[market.id()] = new OrderBook(market);
        }
        this.accounts = new Accounts(markets.assets().size(), closedOrdersKept);
        this.statistics = new MarketStatistics(markets);
        this.current = new CommandContext(statistics);
        this.matcher = new OrderMatcher(current, accounts, openOrders, statistics);
        this.cancels = new OrderCancels(current, markets, books, accounts, matcher);
        this.switches = new DeadManSwitches(current, cancels);
        this.disconnects = new DisconnectCancels(current, cancels);
        this.transfers = new Transfers(current, markets, accounts);
    }

    /** The books by market id: the snapshot codec's. */
    OrderBook[] books() {
        return books;
    }

    Long2ObjectHashMap<RestingOrder> openOrders() {
        return openOrders;
    }

    long[] assetTotals() {
        return transfers.assetTotals();
    }

    Long2LongHashMap deadManSwitches() {
        return switches.map();
    }

    /** Every market's ticker and candles. */
    public MarketStatistics statistics() {
        return statistics;
    }

    /** The armed dead man's switches: user id to the engine time it fires at, by user id. */
    public SortedMap<Long, Long> armedSwitches() {
        return switches.sorted();
    }

    /** After a snapshot is read. */
    void restoreIds(long nextOrderId, long nextTradeId) {
        this.nextOrderId = nextOrderId;
        matcher.nextTradeId(nextTradeId);
    }

    public MarketRegistry markets() {
        return markets;
    }

    public OrderBook book(Market market) {
        return books[market.id()];
    }

    public Accounts accounts() {
        return accounts;
    }

    /** An open order by id, or {@code null}. */
    public RestingOrder openOrder(long orderId) {
        return openOrders.get(orderId);
    }

    public int openOrderCount() {
        return openOrders.size();
    }

    /** The id the next accepted order will get. */
    public long nextOrderId() {
        return nextOrderId;
    }

    /** The id the next trade will get. */
    public long nextTradeId() {
        return matcher.nextTradeId();
    }

    /**
     * Applies one command at engine time {@code ts}, reporting everything to {@code sink} before
     * returning.
     */
    public void process(Command command, long ts, EngineEventSink sink) {
        current.begin(ts, sink);
        sink.commandStart(command, ts);
        try {
            // Amends are most of a venue's flow: one final-class check sends them on before the
            // type switch, whose bootstrap costs more than that; the switch keeps every case checked.
            if (command instanceof Command.Amend amend) {
                amend(amend);
            } else {
                switch (command) {
                    case Command.Amend amend -> amend(amend);
                    case Command.Place place -> place(place);
                    case Command.Cancel cancel -> cancel(cancel);
                    case Command.Deposit deposit -> transfers.deposit(deposit);
                    case Command.Withdraw withdraw -> transfers.withdraw(withdraw);
                    case Command.CancelAll cancelAll -> cancelAll(cancelAll);
                    case Command.PlaceBatch batch -> placeBatch(batch);
                    case Command.CancelAllAfter arm -> switches.arm(arm);
                    case Command.FireCancelAllAfter fire -> switches.fire(fire);
                    case Command.CancelDisconnected disconnected -> disconnects.cancel(disconnected);
                    case Command.Tick tick -> sink.receipt(tick, true, 0, null, null, null);
                }
            }
        } catch (Rejection rejection) {
            sink.receipt(command, false, rejection.orderId, clientOrderIdOf(command, rejection.orderId),
                    rejection.code, rejection.getMessage());
        } catch (RuntimeException bug) {
            // Validation should make this unreachable. If it is reached, the command may have
            // changed state part way: report what it changed and answer "internal". Replay takes
            // the same path, so the recovered state still equals the live one; the sequencer
            // keeps serving every other command.
            LoggerFactory.getLogger(MatchingEngine.class).error("command failed: {}", command, bug);
            current.flush();
            sink.receipt(command, false, 0, null, RejectCode.INTERNAL,
                    "internal error; the command may be partly applied");
        }
        statistics.report(ts, books, sink);
        sink.commandEnd();
        current.end();
    }

    private String clientOrderIdOf(Command command, long orderId) {
        if (command instanceof Command.Place place) {
            return place.clientOrderId();
        }
        RestingOrder order = orderId == 0 ? null : findAnyOrder(command.userId(), orderId);
        return order == null ? null : order.clientOrderId();
    }

    private RestingOrder findAnyOrder(long userId, long orderId) {
        UserAccount account = accounts.get(userId);
        return account == null ? null : account.order(orderId);
    }

    // ------------------------------------------------------------------ place

    private void place(Command.Place p) {
        beforeDeadline(p.deadline());
        Market market = markets.market(p.market());
        if (market == null) {
            throw new Rejection(RejectCode.UNKNOWN_MARKET, "unknown market " + p.market());
        }
        long qty = Units.quantity(market, p.qty());
        if (qty < market.minQty()) {
            throw new Rejection(RejectCode.BELOW_MIN_QTY, "qty " + p.qty() + " is below the minimum "
                    + Decimal.format(market.minQty(), market.qtyScale()));
        }
        long price = 0;
        if (p.type() == OrderType.LIMIT) {
            if (p.price() == null) {
                throw new Rejection(RejectCode.BAD_REQUEST, "a limit order needs a price");
            }
            price = Units.price(market, p.price());
            try {
                Fees.buyReserve(market, price, qty);
            } catch (ArithmeticException overflow) {
                throw new Rejection(RejectCode.INVALID_QTY, "order value is too large");
            }
        } else {
            if (p.price() != null) {
                throw new Rejection(RejectCode.BAD_REQUEST, "a market order takes no price");
            }
            if (p.tif() != TimeInForce.IOC && p.tif() != TimeInForce.FOK) {
                throw new Rejection(RejectCode.BAD_REQUEST, "a market order is ioc or fok");
            }
        }
        UserAccount account = accounts.getOrCreate(p.userId());
        if (p.clientOrderId() != null) {
            RestingOrder existing = account.orderByClientId(p.clientOrderId());
            if (existing != null) {
                throw new Rejection(RejectCode.DUPLICATE_CLIENT_ORDER_ID,
                        "client_order_id " + p.clientOrderId() + " is already used by order " + existing.orderId(),
                        existing.orderId());
            }
        }
        OrderBook book = books[market.id()];
        PriceLevel best = book.opposite(p.side()).best();
        if (p.tif() == TimeInForce.POST_ONLY && best != null && OrderMatcher.crosses(p.side(), price, best.price())) {
            throw new Rejection(RejectCode.POST_ONLY_WOULD_TAKE, "post_only order would take liquidity at "
                    + Decimal.format(best.price(), market.priceScale()));
        }
        if (p.type() == OrderType.MARKET && best == null) {
            throw new Rejection(RejectCode.NO_LIQUIDITY, "no " + (p.side() == Side.BUY ? "asks" : "bids")
                    + " to fill a market order");
        }
        long reserve = Settlement.reserveFor(market, p.side(), p.type(), price, qty, account);
        if (p.tif() == TimeInForce.FOK && !matcher.fillable(book, p.side(), p.type(), price, qty, account)) {
            throw new Rejection(RejectCode.FOK_NOT_FILLABLE, "fok order cannot be filled entirely now");
        }

        // Accepted: from here on the command changes state.
        RestingOrder order = new RestingOrder(nextOrderId++, account, p.clientOrderId(), market, p.side(),
                p.type(), p.tif(), price, qty, current.ts);
        if (reserve > 0) {
            int asset = Settlement.reserveAsset(market, p.side()).id();
            account.freeze(asset, reserve);
            order.frozen(reserve);
            current.report.balance(account, Settlement.reserveAsset(market, p.side()));
        }
        account.opened(order);
        openOrders.put(order.orderId(), order);
        matcher.matchAndRest(order, book, account);
        current.report.order(order);
        current.flush();
        current.events.receipt(p, true, order.orderId(), order.clientOrderId(), null, null);
    }

    /**
     * The orders one after another, each reported as if placed alone; one rejected does not stop
     * the next. The batch's receipt says accepted when any order was.
     */
    private void placeBatch(Command.PlaceBatch batch) {
        if (batch.orders().size() > Command.PlaceBatch.MAX_BATCH) {
            throw new Rejection(RejectCode.BATCH_TOO_LARGE, "a batch holds at most " + Command.PlaceBatch.MAX_BATCH
                    + " orders; this one has " + batch.orders().size());
        }
        RejectCode firstRejection = null;
        boolean anyAccepted = false;
        for (Command.Place order : batch.orders()) {
            current.restart();
            try {
                place(order);
                anyAccepted = true;
            } catch (Rejection rejection) {
                current.events.receipt(order, false, rejection.orderId, order.clientOrderId(), rejection.code,
                        rejection.getMessage());
                firstRejection = firstRejection == null ? rejection.code : firstRejection;
            }
        }
        current.events.receipt(batch, anyAccepted, 0, null, anyAccepted ? null : firstRejection,
                anyAccepted ? null : "no order of the batch was accepted");
    }

    // ------------------------------------------------------------------ cancel and amend

    private RestingOrder resolve(long userId, OrderRef ref) {
        if (ref instanceof OrderRef.ById byId) {
            // The common case, an open order of this user: one lookup instead of user then order.
            RestingOrder open = openOrders.get(byId.orderId());
            if (open != null && open.userId() == userId) {
                return open;
            }
        }
        UserAccount account = accounts.get(userId);
        RestingOrder order = switch (ref) {
            case OrderRef.ById byId -> account == null ? null : account.order(byId.orderId());
            case OrderRef.ByClientId byClientId -> account == null ? null
                    : account.orderByClientId(byClientId.clientOrderId());
        };
        if (order == null) {
            throw new Rejection(RejectCode.UNKNOWN_ORDER, "no such order: " + describe(ref));
        }
        if (!order.isOpen()) {
            throw new Rejection(RejectCode.ORDER_NOT_OPEN, "order " + order.orderId() + " is " + order.status(),
                    order.orderId());
        }
        return order;
    }

    private static String describe(OrderRef ref) {
        return switch (ref) {
            case OrderRef.ById byId -> "order_id " + byId.orderId();
            case OrderRef.ByClientId byClientId -> "client_order_id " + byClientId.clientOrderId();
        };
    }

    /**
     * A command past its deadline changes nothing. The time is the sequencer's, which the journal
     * keeps with the batch: a replay decides the same.
     */
    private void beforeDeadline(long deadline) {
        if (deadline != 0 && current.ts > deadline) {
            throw new Rejection(RejectCode.DEADLINE_EXCEEDED, "reached the sequencer at " + current.ts
                    + ", after its deadline " + deadline);
        }
    }

    private void cancel(Command.Cancel c) {
        RestingOrder order = resolve(c.userId(), c.order());
        cancels.cancelOpen(order, CancelReason.USER);
        current.flush();
        current.events.receipt(c, true, order.orderId(), order.clientOrderId(), null, null);
    }

    /** Every open order of the user (in one market), oldest first; the receipt says how many. */
    private void cancelAll(Command.CancelAll c) {
        Market only = null;
        if (c.market() != null) {
            only = markets.market(c.market());
            if (only == null) {
                throw new Rejection(RejectCode.UNKNOWN_MARKET, "unknown market " + c.market());
            }
        }
        current.events.canceledAll(c, cancels.cancelOpenOrders(c.userId(), only, CancelReason.USER, order -> true));
    }

    private void amend(Command.Amend a) {
        beforeDeadline(a.deadline());
        RestingOrder order = resolve(a.userId(), a.order());
        Market market = order.market();
        long newPrice = a.price() == null ? order.price() : Units.price(market, a.price());
        long newQty = a.qty() == null ? order.qty() : Units.quantity(market, a.qty());
        if (newQty <= order.filledQty()) {
            cancels.cancelOpen(order, CancelReason.AMEND_BELOW_FILLED);
            current.flush();
            current.events.receipt(a, true, order.orderId(), order.clientOrderId(), null, null);
            return;
        }
        if (newQty < market.minQty()) {
            throw new Rejection(RejectCode.BELOW_MIN_QTY, "qty " + a.qty() + " is below the minimum "
                    + Decimal.format(market.minQty(), market.qtyScale()), order.orderId());
        }
        try {
            // Every resting order's full value must be representable, whatever its side: fills
            // against it compute price x qty plus fees.
            Fees.buyReserve(market, newPrice, newQty);
        } catch (ArithmeticException overflow) {
            throw new Rejection(RejectCode.INVALID_QTY, "order value is too large", order.orderId());
        }
        OrderBook book = books[market.id()];
        PriceLevel best = book.opposite(order.side()).best();
        boolean wouldTake = best != null && OrderMatcher.crosses(order.side(), newPrice, best.price());
        if (order.tif() == TimeInForce.POST_ONLY && wouldTake) {
            throw new Rejection(RejectCode.POST_ONLY_WOULD_TAKE, "amended post_only order would take liquidity",
                    order.orderId());
        }
        UserAccount account = order.account();
        Asset asset = Settlement.reserveAsset(market, order.side());
        long remaining = newQty - order.filledQty();
        long needed;
        try {
            needed = order.side() == Side.BUY ? Fees.buyReserve(market, newPrice, remaining)
                    : Fees.baseUnits(market, remaining);
        } catch (ArithmeticException overflow) {
            throw new Rejection(RejectCode.INVALID_QTY, "order value is too large", order.orderId());
        }
        long extra = needed - order.frozen();
        if (extra > account.avail(asset.id())) {
            throw new Rejection(RejectCode.INSUFFICIENT_BALANCE, "the amend needs " + Decimal.format(extra,
                    asset.scale())
                    + " more " + asset.name() + ", " + Decimal.format(account.avail(asset.id()), asset.scale())
                    + " available", order.orderId());
        }

        // Accepted.
        if (extra > 0) {
            account.freeze(asset.id(), extra);
        } else if (extra < 0) {
            account.release(asset.id(), -extra);
        }
        if (extra != 0) {
            order.frozen(needed);
            current.report.balance(account, asset);
        }
        current.touch(book, order.side(), order.level());
        boolean keepsPriority = newPrice == order.price() && newQty <= order.qty();
        if (keepsPriority) {
            book.reduce(order, newQty);
            order.amend(newPrice, newQty, current.ts);
        } else {
            book.unlink(order);
            order.amend(newPrice, newQty, current.ts);
            matcher.matchAndRest(order, book, account);
        }
        current.report.order(order);
        current.flush();
        current.events.receipt(a, true, order.orderId(), order.clientOrderId(), null, null);
    }
}
