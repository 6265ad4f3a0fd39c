package io.tickwire.engine.command;

import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.OrderRef;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.TimeInForce;
import java.util.Objects;

/**
 * A command for the engine, as the gateway hands it over: already authenticated (the
 * {@code userId} is the token's), with decimals as the client wrote them. The engine checks
 * them against the market and answers every command with exactly one receipt.
 */
public sealed interface Command {

    /** The gateway's id of this request; the receipt carries it back. */
    long requestId();

    /** The user the command acts for (for deposits and withdrawals: the account credited). */
    long userId();

    /**
     * Place an order. {@code price} is {@code null} for a market order.
     *
     * @param deadline the latest sequencer time it may be executed at, ms since the epoch; 0 for none
     */
    record Place(long requestId, long userId, String market, Side side, OrderType type, TimeInForce tif,
                 Decimal price, Decimal qty, String clientOrderId, long deadline) implements Command {
        public Place {
            Objects.requireNonNull(market, "market");
            Objects.requireNonNull(side, "side");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(tif, "tif");
            Objects.requireNonNull(qty, "qty");
        }

        /** An order without a deadline. */
        public Place(long requestId, long userId, String market, Side side, OrderType type, TimeInForce tif,
                     Decimal price, Decimal qty, String clientOrderId) {
            this(requestId, userId, market, side, type, tif, price, qty, clientOrderId, 0);
        }
    }

    /** Cancel an open order of the user. */
    record Cancel(long requestId, long userId, OrderRef order) implements Command {
        public Cancel {
            Objects.requireNonNull(order, "order");
        }
    }

    /**
     * Change the price and/or quantity of an open order; {@code null} keeps the current value.
     *
     * @param deadline as for {@link Place}; 0 for none
     */
    record Amend(long requestId, long userId, OrderRef order, Decimal price, Decimal qty, long deadline)
            implements Command {
        public Amend {
            Objects.requireNonNull(order, "order");
            if (price == null && qty == null) {
                throw new IllegalArgumentException("an amend changes the price, the qty, or both");
            }
        }

        /** An amend without a deadline. */
        public Amend(long requestId, long userId, OrderRef order, Decimal price, Decimal qty) {
            this(requestId, userId, order, price, qty, 0);
        }
    }

    /** Cancel every open order of the user, or those in {@code market} when it is not {@code null}. */
    record CancelAll(long requestId, long userId, String market) implements Command {
    }

    /** Credit an account (admin). */
    record Deposit(long requestId, long userId, String asset, Decimal amount) implements Command {
        public Deposit {
            Objects.requireNonNull(asset, "asset");
            Objects.requireNonNull(amount, "amount");
        }
    }

    /** Debit an account's available balance (admin). */
    record Withdraw(long requestId, long userId, String asset, Decimal amount) implements Command {
        public Withdraw {
            Objects.requireNonNull(asset, "asset");
            Objects.requireNonNull(amount, "amount");
        }
    }
}
