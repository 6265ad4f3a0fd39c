package io.tickwire.engine.command;

import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.ClientMessage;
import io.tickwire.protocol.message.OrderRef;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.TimeInForce;
import java.util.List;
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

        /** The engine's form of a client's {@code order.place} (or an order of its {@code order.batch}). */
        public static Place of(long requestId, long userId, ClientMessage.OrderPlace order) {
            return new Place(requestId, userId, order.market(), order.side(), order.orderType(), order.tif(),
                    order.price(), order.qty(), order.clientOrderId(), deadlineOrZero(order.deadline()));
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

        /** The engine's form of a client's {@code order.amend}. */
        public static Amend of(long requestId, long userId, ClientMessage.OrderAmend amend) {
            return new Amend(requestId, userId, amend.order(), amend.price(), amend.qty(),
                    deadlineOrZero(amend.deadline()));
        }
    }

    /** Cancel every open order of the user, or those in {@code market} when it is not {@code null}. */
    record CancelAll(long requestId, long userId, String market) implements Command {
    }

    /**
     * Place 1 to {@link #MAX_BATCH} orders of one user, one after another with nothing between
     * them; each order's outcome is its own. Every order carries the batch's request and user id.
     */
    record PlaceBatch(long requestId, long userId, List<Place> orders) implements Command {
        /** The most orders a batch may hold; more is rejected with {@code batch_too_large}. */
        public static final int MAX_BATCH = ClientMessage.OrderBatch.MAX_ORDERS;

        public PlaceBatch {
            orders = List.copyOf(orders);
            if (orders.isEmpty() || orders.size() > 0xFFFF) {
                // The engine rejects more than MAX_BATCH with batch_too_large; this bound is the
                // command encoding's (a 2-byte count), which such a rejected batch still needs.
                throw new IllegalArgumentException("a batch command holds 1 to 65535 orders (more than " + MAX_BATCH
                        + " are rejected batch_too_large by the engine)");
            }
            for (Place order : orders) {
                if (order.requestId() != requestId || order.userId() != userId) {
                    throw new IllegalArgumentException("every order of a batch carries the batch's ids");
                }
            }
        }
    }

    /**
     * Arm (or re-arm) the user's dead man's switch to cancel all their open orders
     * {@code timeoutMs} after the sequencer takes this command; 0 disarms it.
     */
    record CancelAllAfter(long requestId, long userId, long timeoutMs) implements Command {
    }

    /**
     * The user's dead man's switch, armed to fire at {@code triggerAt}, fires: if it is still armed
     * for that time, every open order of the user is canceled. The core's timer submits it.
     */
    record FireCancelAllAfter(long requestId, long userId, long triggerAt) implements Command {
    }

    /**
     * Cancel those of {@code orderIds} that are still open orders of the user: the orders placed
     * through a connection with cancel on disconnect, when it ended.
     */
    record CancelDisconnected(long requestId, long userId, List<Long> orderIds) implements Command {
        public CancelDisconnected {
            orderIds = List.copyOf(orderIds);
        }
    }

    /**
     * Nothing but the passing of time: the engine reports the market statistics due by now (a
     * candle whose interval ended, a ticker the rate bound held back). The core's timer submits it.
     */
    record Tick(long requestId) implements Command {
        @Override
        public long userId() {
            return 0;
        }
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

    /** The engine's form of a wire deadline: 0 for none. */
    private static long deadlineOrZero(Long deadline) {
        return deadline == null ? 0 : deadline;
    }
}
