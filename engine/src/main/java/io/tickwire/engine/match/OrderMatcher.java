package io.tickwire.engine.match;

import io.tickwire.engine.book.Accounts;
import io.tickwire.engine.book.UserAccount;
import io.tickwire.engine.book.OrderBook;
import io.tickwire.engine.book.PriceLevel;
import io.tickwire.engine.book.RestingOrder;
import io.tickwire.engine.market.Asset;
import io.tickwire.engine.market.Market;
import io.tickwire.engine.stats.MarketStatistics;
import io.tickwire.protocol.message.CancelReason;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.Role;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.TimeInForce;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Price-time matching of a taker against one book: the fills (settled by {@link Settlement},
 * reported as trades), then resting what is left or cancelling it, and closing what is done. The
 * trade ids are its own. The engine's thread only, inside a command of {@link MatchingEngine}.
 */
final class OrderMatcher {
    private final CommandContext current;
    private final Accounts accounts;
    private final Long2ObjectHashMap<RestingOrder> openOrders;
    private final MarketStatistics statistics;
    private long nextTradeId = 1;

    OrderMatcher(CommandContext current, Accounts accounts, Long2ObjectHashMap<RestingOrder> openOrders,
                 MarketStatistics statistics) {
        this.current = current;
        this.accounts = accounts;
        this.openOrders = openOrders;
        this.statistics = statistics;
    }

    /** The id the next trade will get. */
    long nextTradeId() {
        return nextTradeId;
    }

    /** After a snapshot is read. */
    void nextTradeId(long nextTradeId) {
        this.nextTradeId = nextTradeId;
    }

    static boolean crosses(Side takerSide, long limit, long makerPrice) {
        return takerSide == Side.BUY ? makerPrice <= limit : makerPrice >= limit;
    }

    /** Whether an order could fill entirely right now, without self-trades and within the buyer's means. */
    boolean fillable(OrderBook book, Side side, OrderType type, long price, long qty, UserAccount account) {
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
    void matchAndRest(RestingOrder taker, OrderBook book, UserAccount takerAccount) {
        boolean selfTradeStop = match(taker, book, takerAccount);
        if (taker.remaining() > 0) {
            boolean mayRest = taker.type() == OrderType.LIMIT
                    && (taker.tif() == TimeInForce.GTC || taker.tif() == TimeInForce.POST_ONLY);
            if (mayRest && !selfTradeStop) {
                book.rest(taker);
                current.touch(book, taker.side(), taker.level());
            } else {
                taker.cancel(current.ts, selfTradeStop ? CancelReason.SELF_TRADE
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

        long ts = current.ts;
        taker.fill(qty, price, ts);
        maker.fill(qty, price, ts);
        current.touch(book, maker.side(), maker.level());
        book.filled(maker, qty);

        current.events.trade(taker, tradeId, Role.TAKER, price, qty, takerFee);
        current.events.trade(maker, tradeId, Role.MAKER, price, qty, makerFee);
        current.events.marketTrade(market, tradeId, price, qty, taker.side());
        statistics.trade(market, ts, price, base, notional);

        CommandReport report = current.report;
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
    void close(RestingOrder order, UserAccount account) {
        if (order.frozen() > 0) {
            Asset asset = Settlement.reserveAsset(order.market(), order.side());
            account.release(asset.id(), order.frozen());
            order.frozen(0);
            current.report.balance(account, asset);
        }
        openOrders.remove(order.orderId());
        account.closed(order);
    }
}
