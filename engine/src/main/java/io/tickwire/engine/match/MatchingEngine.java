package io.tickwire.engine.match;

import io.tickwire.engine.account.Accounts;
import io.tickwire.engine.account.UserAccount;
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
import io.tickwire.protocol.message.ClientMessage;
import io.tickwire.protocol.message.OrderRef;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.RejectCode;
import io.tickwire.protocol.message.Role;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.TimeInForce;
import io.tickwire.engine.stats.MarketStatistics;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongHashSet;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
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
 * <p>Here: dispatch, place, match, cancel, amend, deposit and withdraw. Funds checks and the
 * balance moves of a fill are {@link Settlement}'s, wire decimals become units in {@link Units},
 * what a command changed is reported by {@link CommandReport}, and the state's bytes are
 * {@link EngineSnapshot}'s.
 *
 * <p>Longer than 400 lines on purpose: place, match, cancel and amend share the per-command state
 * (the time, the sink, the touched levels) and the hot path (4.2 M commands/s in
 * {@code MatchingBenchmark}); each step of a command reads best here in the order it runs.
 */
public final class MatchingEngine {

    /** Closed orders remembered per user for client-id deduplication and lookups. */
    public static final int DEFAULT_CLOSED_ORDERS_KEPT = 1000;
    private static final long MIN_SWITCH_TIMEOUT_MS = ClientMessage.OrderCancelAllAfter.MIN_TIMEOUT_MS;
    private static final long MAX_SWITCH_TIMEOUT_MS = ClientMessage.OrderCancelAllAfter.MAX_TIMEOUT_MS;

    private final MarketRegistry markets;
    private final OrderBook[] books;
    private final Accounts accounts;
    private final Long2ObjectHashMap<RestingOrder> openOrders = new Long2ObjectHashMap<>();
    /** Each user's armed dead man's switch: when it fires, by the engine's clock. */
    private final Long2LongHashMap deadManSwitches = new Long2LongHashMap(0);
    private final MarketStatistics statistics;

    private long nextOrderId = 1;
    private long nextTradeId = 1;
    /**
     * Per asset, everything deposited less everything withdrawn: by conservation, the sum of
     * all balances and the fees collected. Deposits keep it within a {@code long}, so no
     * balance or fee total can overflow, and a fill, which only moves value, never fails part
     * way through its settlement.
     */
    private final long[] assetTotals;

    // Per-command state, reused.
    private long ts;
    private EngineEventSink events;
    /** The command's touched orders and balances, reported once each at its end. */
    private final CommandReport report = new CommandReport();
    private final TouchedLevels touchedLevels = new TouchedLevels();

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
        this.assetTotals = new long[markets.assets().size()];
        this.statistics = new MarketStatistics(markets);
    }

    /** The books by market id: the snapshot codec's. */
    OrderBook[] books() {
        return books;
    }

    Long2ObjectHashMap<RestingOrder> openOrders() {
        return openOrders;
    }

    long[] assetTotals() {
        return assetTotals;
    }

    Long2LongHashMap deadManSwitches() {
        return deadManSwitches;
    }

    /** Every market's ticker and candles. */
    public MarketStatistics statistics() {
        return statistics;
    }

    /** The armed dead man's switches: user id to the engine time it fires at, by user id. */
    public SortedMap<Long, Long> armedSwitches() {
        SortedMap<Long, Long> armed = new TreeMap<>();
        deadManSwitches.forEach(armed::put);
        return armed;
    }

    /** After a snapshot is read. */
    void restoreIds(long nextOrderId, long nextTradeId) {
        this.nextOrderId = nextOrderId;
        this.nextTradeId = nextTradeId;
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
        return nextTradeId;
    }

    /**
     * Applies one command at engine time {@code ts}, reporting everything to {@code sink} before
     * returning.
     */
    public void process(Command command, long ts, EngineEventSink sink) {
        this.ts = ts;
        this.events = sink;
        report.begin();
        touchedLevels.reset();
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
                    case Command.Deposit deposit -> deposit(deposit);
                    case Command.Withdraw withdraw -> withdraw(withdraw);
                    case Command.CancelAll cancelAll -> cancelAll(cancelAll);
                    case Command.PlaceBatch batch -> placeBatch(batch);
                    case Command.CancelAllAfter arm -> cancelAllAfter(arm);
                    case Command.FireCancelAllAfter fire -> fireCancelAllAfter(fire);
                    case Command.CancelDisconnected disconnected -> cancelDisconnected(disconnected);
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
            report.flush(events, touchedLevels);
            sink.receipt(command, false, 0, null, RejectCode.INTERNAL,
                    "internal error; the command may be partly applied");
        }
        statistics.report(ts, books, sink);
        sink.commandEnd();
        this.events = null;
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
        if (p.tif() == TimeInForce.POST_ONLY && best != null && crosses(p.side(), price, best.price())) {
            throw new Rejection(RejectCode.POST_ONLY_WOULD_TAKE, "post_only order would take liquidity at "
                    + Decimal.format(best.price(), market.priceScale()));
        }
        if (p.type() == OrderType.MARKET && best == null) {
            throw new Rejection(RejectCode.NO_LIQUIDITY, "no " + (p.side() == Side.BUY ? "asks" : "bids")
                    + " to fill a market order");
        }
        long reserve = Settlement.reserveFor(market, p.side(), p.type(), price, qty, account);
        if (p.tif() == TimeInForce.FOK && !fillable(book, p.side(), p.type(), price, qty, account)) {
            throw new Rejection(RejectCode.FOK_NOT_FILLABLE, "fok order cannot be filled entirely now");
        }

        // Accepted: from here on the command changes state.
        RestingOrder order = new RestingOrder(nextOrderId++, account, p.clientOrderId(), market, p.side(),
                p.type(), p.tif(), price, qty, ts);
        if (reserve > 0) {
            int asset = Settlement.reserveAsset(market, p.side()).id();
            account.freeze(asset, reserve);
            order.frozen(reserve);
            report.balance(account, Settlement.reserveAsset(market, p.side()));
        }
        account.opened(order);
        openOrders.put(order.orderId(), order);
        matchAndRest(order, book, account);
        report.order(order);
        report.flush(events, touchedLevels);
        events.receipt(p, true, order.orderId(), order.clientOrderId(), null, null);
    }

    /** A level of {@code book} changes: it goes in the command's delta, and the ticker may move. */
    private void touch(OrderBook book, Side side, PriceLevel level) {
        touchedLevels.touch(book, side, level);
        statistics.bookChanged(book.market());
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
            report.begin();
            touchedLevels.reset();
            try {
                place(order);
                anyAccepted = true;
            } catch (Rejection rejection) {
                events.receipt(order, false, rejection.orderId, order.clientOrderId(), rejection.code,
                        rejection.getMessage());
                firstRejection = firstRejection == null ? rejection.code : firstRejection;
            }
        }
        events.receipt(batch, anyAccepted, 0, null, anyAccepted ? null : firstRejection,
                anyAccepted ? null : "no order of the batch was accepted");
    }

    private static boolean crosses(Side takerSide, long limit, long makerPrice) {
        return takerSide == Side.BUY ? makerPrice <= limit : makerPrice >= limit;
    }

    /** Whether an order could fill entirely right now, without self-trades and within the buyer's means. */
    private boolean fillable(OrderBook book, Side side, OrderType type, long price, long qty, UserAccount account) {
        Market market = book.market();
        var opposite = book.opposite(side);
        long needed = qty;
        long budget = account.avail(market.quote().id());
        for (int rank = 0; rank < opposite.depth(); rank++) {
            PriceLevel level = opposite.level(rank);
            if (type == OrderType.LIMIT && !crosses(side, price, level.price())) {
                return false;
            }
            for (RestingOrder maker = level.head(); maker != null; maker = maker.nextInLevel()) {
                if (maker.userId() == account.userId()) {
                    return false;
                }
                long take = Math.min(needed, maker.remaining());
                if (side == Side.BUY && type == OrderType.MARKET) {
                    budget -= Settlement.buyCost(market, level.price(), take);
                    if (budget < 0) {
                        return false;
                    }
                }
                needed -= take;
                if (needed == 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Matches {@code taker} against the opposite side, then rests what is left if the order may
     * rest, or cancels it. Closes the order when it is done.
     */
    private void matchAndRest(RestingOrder taker, OrderBook book, UserAccount takerAccount) {
        boolean selfTradeStop = match(taker, book, takerAccount);
        if (taker.remaining() > 0) {
            boolean mayRest = taker.type() == OrderType.LIMIT
                    && (taker.tif() == TimeInForce.GTC || taker.tif() == TimeInForce.POST_ONLY);
            if (mayRest && !selfTradeStop) {
                book.rest(taker);
                touch(book, taker.side(), taker.level());
            } else {
                taker.cancel(ts, selfTradeStop ? CancelReason.SELF_TRADE
                        : taker.type() == OrderType.MARKET ? CancelReason.MARKET_REMAINDER
                        : taker.tif() == TimeInForce.FOK ? CancelReason.FOK_UNFILLED : CancelReason.IOC_REMAINDER);
            }
        }
        if (!taker.isOpen()) {
            close(taker, takerAccount);
        }
    }

    /** Returns true when matching stopped at one of the taker's own orders. */
    private boolean match(RestingOrder taker, OrderBook book, UserAccount takerAccount) {
        var opposite = book.opposite(taker.side());
        while (taker.remaining() > 0) {
            PriceLevel level = opposite.best();
            if (level == null) {
                return false;
            }
            if (taker.type() == OrderType.LIMIT && !crosses(taker.side(), taker.price(), level.price())) {
                return false;
            }
            RestingOrder maker = level.head();
            if (maker.userId() == taker.userId()) {
                return true;
            }
            long qty = Math.min(taker.remaining(), maker.remaining());
            if (taker.type() == OrderType.MARKET && taker.side() == Side.BUY) {
                qty = Settlement.affordable(book.market(), takerAccount, level.price(), qty);
                if (qty == 0) {
                    return false;
                }
            }
            fill(taker, takerAccount, maker, level.price(), qty, book);
        }
        return false;
    }

    private void fill(RestingOrder taker, UserAccount takerAccount, RestingOrder maker, long price, long qty,
                      OrderBook book) {
        Market market = book.market();
        long tradeId = nextTradeId++;
        long notional = Fees.notional(market, price, qty);
        long takerFee = Fees.fee(notional, market.takerFeePpm());
        long makerFee = Fees.fee(notional, market.makerFeePpm());
        long base = Fees.baseUnits(market, qty);
        UserAccount makerAccount = maker.account();
        boolean takerBuys = taker.side() == Side.BUY;
        UserAccount buyerAccount = takerBuys ? takerAccount : makerAccount;
        UserAccount sellerAccount = takerBuys ? makerAccount : takerAccount;
        Settlement.settleFill(accounts, market, taker, takerAccount, maker, notional, base, takerFee, makerFee);

        taker.fill(qty, price, ts);
        maker.fill(qty, price, ts);
        touch(book, maker.side(), maker.level());
        book.filled(maker, qty);

        events.trade(taker, tradeId, Role.TAKER, price, qty, takerFee);
        events.trade(maker, tradeId, Role.MAKER, price, qty, makerFee);
        events.marketTrade(market, tradeId, price, qty, taker.side());
        statistics.trade(market, ts, price, base, notional);

        report.balance(buyerAccount, market.quote());
        report.balance(buyerAccount, market.base());
        report.balance(sellerAccount, market.quote());
        report.balance(sellerAccount, market.base());
        report.order(maker);
        if (!maker.isOpen()) {
            close(maker, makerAccount);
        }
    }

    /** Releases what a finished order still holds and files it under closed orders. */
    private void close(RestingOrder order, UserAccount account) {
        if (order.frozen() > 0) {
            Asset asset = Settlement.reserveAsset(order.market(), order.side());
            account.release(asset.id(), order.frozen());
            order.frozen(0);
            report.balance(account, asset);
        }
        openOrders.remove(order.orderId());
        account.closed(order);
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
        if (deadline != 0 && ts > deadline) {
            throw new Rejection(RejectCode.DEADLINE_EXCEEDED, "reached the sequencer at " + ts + ", after its deadline "
                    + deadline);
        }
    }

    private void cancel(Command.Cancel c) {
        RestingOrder order = resolve(c.userId(), c.order());
        cancelOpen(order, CancelReason.USER);
        report.flush(events, touchedLevels);
        events.receipt(c, true, order.orderId(), order.clientOrderId(), null, null);
    }

    /**
     * Every open order of the user (in one market), oldest first; the receipt says how many. A
     * {@code book.delta} covers one book, so the orders go market by market, each market's
     * updates and delta reported before the next.
     */
    private void cancelAll(Command.CancelAll c) {
        Market only = null;
        if (c.market() != null) {
            only = markets.market(c.market());
            if (only == null) {
                throw new Rejection(RejectCode.UNKNOWN_MARKET, "unknown market " + c.market());
            }
        }
        events.canceledAll(c, cancelOpenOrders(c.userId(), only, CancelReason.USER, order -> true));
    }

    /** Cancels the user's open orders (in {@code only}, when not null) that {@code which} selects. */
    private int cancelOpenOrders(long userId, Market only, CancelReason reason, Predicate<RestingOrder> which) {
        UserAccount account = accounts.get(userId);
        int canceled = 0;
        if (account == null) {
            return 0;
        }
        List<RestingOrder> open = account.openOrders();
        for (Market market : markets.markets()) {
            if (only != null && market != only) {
                continue;
            }
            report.begin();
            touchedLevels.reset();
            for (RestingOrder order : open) {
                if (order.market() == market && which.test(order)) {
                    cancelOpen(order, reason);
                    canceled++;
                }
            }
            report.flush(events, touchedLevels);
        }
        return canceled;
    }

    // ------------------------------------------------------------------ dead man's switch, disconnects

    private void cancelAllAfter(Command.CancelAllAfter c) {
        long timeout = c.timeoutMs();
        if (timeout == 0) {
            deadManSwitches.remove(c.userId());
            events.cancelAllAfter(c, 0);
            return;
        }
        if (timeout < MIN_SWITCH_TIMEOUT_MS || timeout > MAX_SWITCH_TIMEOUT_MS) {
            throw new Rejection(RejectCode.BAD_REQUEST, "timeout_ms must be 0 (disarm) or " + MIN_SWITCH_TIMEOUT_MS
                    + " to " + MAX_SWITCH_TIMEOUT_MS);
        }
        long triggerAt = ts + timeout;
        deadManSwitches.put(c.userId(), triggerAt);
        events.cancelAllAfter(c, triggerAt);
    }

    /**
     * Fires only if the switch is still armed for that time: a re-arm or disarm sequenced before
     * this command wins, and the timer's late fire of an old arming changes nothing.
     */
    private void fireCancelAllAfter(Command.FireCancelAllAfter c) {
        if (deadManSwitches.get(c.userId()) != c.triggerAt() || c.triggerAt() == 0) {
            throw new Rejection(RejectCode.ORDER_NOT_OPEN, "the switch is no longer armed for " + c.triggerAt());
        }
        deadManSwitches.remove(c.userId());
        events.canceledAll(c, cancelOpenOrders(c.userId(), null, CancelReason.DEAD_MAN_SWITCH, order -> true));
    }

    private void cancelDisconnected(Command.CancelDisconnected c) {
        LongHashSet ids = new LongHashSet(c.orderIds().size() * 2);
        c.orderIds().forEach(ids::add);
        events.canceledAll(c, cancelOpenOrders(c.userId(), null, CancelReason.DISCONNECT,
                order -> ids.contains(order.orderId())));
    }

    private void cancelOpen(RestingOrder order, CancelReason reason) {
        OrderBook book = books[order.market().id()];
        touch(book, order.side(), order.level());
        book.unlink(order);
        order.cancel(ts, reason);
        close(order, order.account());
        report.order(order);
    }

    private void amend(Command.Amend a) {
        beforeDeadline(a.deadline());
        RestingOrder order = resolve(a.userId(), a.order());
        Market market = order.market();
        long newPrice = a.price() == null ? order.price() : Units.price(market, a.price());
        long newQty = a.qty() == null ? order.qty() : Units.quantity(market, a.qty());
        if (newQty <= order.filledQty()) {
            cancelOpen(order, CancelReason.AMEND_BELOW_FILLED);
            report.flush(events, touchedLevels);
            events.receipt(a, true, order.orderId(), order.clientOrderId(), null, null);
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
        boolean wouldTake = best != null && crosses(order.side(), newPrice, best.price());
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
            report.balance(account, asset);
        }
        touch(book, order.side(), order.level());
        boolean keepsPriority = newPrice == order.price() && newQty <= order.qty();
        if (keepsPriority) {
            book.reduce(order, newQty);
            order.amend(newPrice, newQty, ts);
        } else {
            book.unlink(order);
            order.amend(newPrice, newQty, ts);
            matchAndRest(order, book, account);
        }
        report.order(order);
        report.flush(events, touchedLevels);
        events.receipt(a, true, order.orderId(), order.clientOrderId(), null, null);
    }

    // ------------------------------------------------------------------ deposits and withdrawals

    private void deposit(Command.Deposit d) {
        Asset asset = asset(d.asset());
        long amount = Units.amount(asset, d.amount());
        if (amount > Long.MAX_VALUE - assetTotals[asset.id()]) {
            throw new Rejection(RejectCode.INVALID_AMOUNT, "the venue's total of " + asset.name()
                    + " would exceed the largest balance it can hold");
        }
        UserAccount account = accounts.getOrCreate(d.userId());
        account.credit(asset.id(), amount);
        assetTotals[asset.id()] += amount;
        report.balance(account, asset);
        report.flush(events, touchedLevels);
        events.receipt(d, true, 0, null, null, null);
    }

    private void withdraw(Command.Withdraw w) {
        Asset asset = asset(w.asset());
        long amount = Units.amount(asset, w.amount());
        UserAccount account = accounts.get(w.userId());
        long available = account == null ? 0 : account.avail(asset.id());
        if (available < amount) {
            throw new Rejection(RejectCode.INSUFFICIENT_BALANCE, "needs " + w.amount() + " " + asset.name() + ", "
                    + Decimal.format(available, asset.scale()) + " available");
        }
        account.debitAvail(asset.id(), amount);
        assetTotals[asset.id()] -= amount;
        report.balance(account, asset);
        report.flush(events, touchedLevels);
        events.receipt(w, true, 0, null, null, null);
    }

    private Asset asset(String name) {
        Asset asset = markets.asset(name);
        if (asset == null) {
            throw new Rejection(RejectCode.UNKNOWN_ASSET, "unknown asset " + name);
        }
        return asset;
    }

}
