package io.tickwire.engine.match;

import io.tickwire.engine.book.Accounts;
import io.tickwire.engine.book.UserAccount;
import io.tickwire.engine.book.RestingOrder;
import io.tickwire.engine.market.Asset;
import io.tickwire.engine.market.Market;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.RejectCode;
import io.tickwire.protocol.message.Side;

/**
 * Funds: what an order must freeze before it may rest (or a {@link Rejection} for insufficient
 * balance), what a market buy can afford, and the balance moves of a fill. Fee and notional
 * arithmetic is {@link Fees}'.
 */
final class Settlement {

    private Settlement() {
    }

    /** Checks funds and returns what the order must freeze: 0 for a market buy, which spends as it fills. */
    static long reserveFor(Market market, Side side, OrderType type, long price, long qty,
            UserAccount account) {
        long needed;
        Asset asset = reserveAsset(market, side);
        if (side == Side.SELL) {
            needed = baseUnits(market, qty);
        } else if (type == OrderType.LIMIT) {
            needed = Fees.buyReserve(market, price, qty);
        } else {
            if (account.avail(asset.id()) <= 0) {
                throw new Rejection(RejectCode.INSUFFICIENT_BALANCE, "no " + asset.name() + " available");
            }
            return 0;
        }
        if (account.avail(asset.id()) < needed) {
            throw new Rejection(RejectCode.INSUFFICIENT_BALANCE, "needs " + Decimal.format(needed, asset.scale())
                    + " " + asset.name() + ", " + Decimal.format(account.avail(asset.id()), asset.scale())
                            + " available");
        }
        return needed;
    }

    static Asset reserveAsset(Market market, Side side) {
        return side == Side.BUY ? market.quote() : market.base();
    }

    static long baseUnits(Market market, long qty) {
        try {
            return Fees.baseUnits(market, qty);
        } catch (ArithmeticException overflow) {
            throw new Rejection(RejectCode.INVALID_QTY, "qty is too large");
        }
    }

    static long buyCost(Market market, long price, long qty) {
        long notional = Fees.notional(market, price, qty);
        return Math.addExact(notional, Fees.fee(notional, market.takerFeePpm()));
    }

    /** The largest quantity up to {@code qty} whose cost the account can pay now. */
    static long affordable(Market market, UserAccount account, long price, long qty) {
        long budget = account.avail(market.quote().id());
        if (buyCost(market, price, qty) <= budget) {
            return qty;
        }
        long low = 0;
        long high = qty;
        while (low < high) {
            long mid = (low + high + 1) >>> 1;
            if (buyCost(market, price, mid) <= budget) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    /**
     * Moves the balances of one fill: the buyer pays the notional and its fee (from what its
     * limit order froze, or from its available balance for a market order) and receives the base;
     * the seller gives the frozen base and receives the notional less its fee; the venue collects
     * both fees. Only value moves, so nothing here can overflow (see the engine's asset totals).
     */
    static void settleFill(Accounts accounts, Market market, RestingOrder taker, UserAccount takerAccount,
                           RestingOrder maker, long notional, long base, long takerFee, long makerFee) {
        UserAccount makerAccount = maker.account();
        boolean takerBuys = taker.side() == Side.BUY;
        RestingOrder buyer = takerBuys ? taker : maker;
        RestingOrder seller = takerBuys ? maker : taker;
        UserAccount buyerAccount = takerBuys ? takerAccount : makerAccount;
        UserAccount sellerAccount = takerBuys ? makerAccount : takerAccount;
        long buyerFee = takerBuys ? takerFee : makerFee;
        long sellerFee = takerBuys ? makerFee : takerFee;
        int quote = market.quote().id();
        int baseAsset = market.base().id();
        long cost = notional + buyerFee;
        if (buyer.type() == OrderType.MARKET) {
            buyerAccount.debitAvail(quote, cost);
        } else {
            buyer.frozen(buyer.frozen() - cost);
            buyerAccount.debitFrozen(quote, cost);
        }
        buyerAccount.credit(baseAsset, base);
        seller.frozen(seller.frozen() - base);
        sellerAccount.debitFrozen(baseAsset, base);
        sellerAccount.credit(quote, notional - sellerFee);
        accounts.collectFee(quote, takerFee + makerFee);
    }
}
