package io.tickwire.protocol.message;

import io.tickwire.protocol.decimal.Decimal;
import java.util.List;
import java.util.Objects;

/**
 * Every message a client sends. A {@code switch} over this type is checked by the compiler,
 * so a handler that forgets a message does not build.
 */
public sealed interface ClientMessage permits ClientMessage.Auth, ClientMessage.Subscribe,
        ClientMessage.Unsubscribe, ClientMessage.Ping, ClientMessage.OrderPlace, ClientMessage.OrderCancel,
        ClientMessage.OrderAmend, ClientMessage.OrderCancelAll, ClientMessage.OrderBatch,
        ClientMessage.OrderCancelAllAfter, ClientMessage.SessionCancelOnDisconnect, Unknown {

    /** The wire {@code type}. */
    String type();

    /** The request {@code id} every reply echoes, or {@code null}. */
    Long id();

    /** {@code auth}: authenticates the connection with a JWT. */
    record Auth(Long id, String token) implements ClientMessage {
        public static final String TYPE = "auth";

        public Auth {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public String type() {
            return TYPE;
        }

        /** Keeps the token out of logs. */
        @Override
        public String toString() {
            return "Auth[id=" + id + ", token=<" + token.length() + " chars>]";
        }
    }

    /**
     * {@code subscribe}: starts a topic stream; with {@code since}, resumes after that cursor.
     *
     * @param since the last cursor the client holds, or {@code null} for a fresh snapshot
     */
    record Subscribe(Long id, Topic topic, Cursor since) implements ClientMessage {
        public static final String TYPE = "subscribe";

        public Subscribe {
            Objects.requireNonNull(topic, "topic");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code unsubscribe}: stops a topic stream. */
    record Unsubscribe(Long id, Topic topic) implements ClientMessage {
        public static final String TYPE = "unsubscribe";

        public Unsubscribe {
            Objects.requireNonNull(topic, "topic");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code ping}: answered by {@code pong}. */
    record Ping(Long id) implements ClientMessage {
        public static final String TYPE = "ping";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * {@code order.place}. Decimals are as the client wrote them; the engine checks them against
     * the market's scales.
     *
     * @param price         the limit price; {@code null} for a market order
     * @param clientOrderId the caller's id, unique per user, or {@code null}
     */
    record OrderPlace(Long id, String market, Side side, OrderType orderType, TimeInForce tif, Decimal price,
                      Decimal qty, String clientOrderId, Long deadline) implements ClientMessage {
        public static final String TYPE = "order.place";

        /** An order without a deadline. */
        public OrderPlace(Long id, String market, Side side, OrderType orderType, TimeInForce tif, Decimal price,
                          Decimal qty, String clientOrderId) {
            this(id, market, side, orderType, tif, price, qty, clientOrderId, null);
        }

        public OrderPlace {
            Objects.requireNonNull(market, "market");
            Objects.requireNonNull(side, "side");
            Objects.requireNonNull(orderType, "orderType");
            Objects.requireNonNull(tif, "tif");
            Objects.requireNonNull(qty, "qty");
            if (orderType == OrderType.LIMIT && price == null) {
                throw new IllegalArgumentException("a limit order needs a price");
            }
            if (orderType == OrderType.MARKET && price != null) {
                throw new IllegalArgumentException("a market order takes no price");
            }
            if (clientOrderId != null) {
                ClientOrderIds.require(clientOrderId);
            }
            requireDeadline(deadline);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /** {@code order.cancel} by {@code order_id} or {@code client_order_id}. */
    record OrderCancel(Long id, OrderRef order) implements ClientMessage {
        public static final String TYPE = "order.cancel";

        public OrderCancel {
            Objects.requireNonNull(order, "order");
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * {@code order.amend}: a new price and/or quantity. A new price or a larger quantity loses
     * time priority; a smaller quantity keeps it; a quantity at or below the filled quantity
     * cancels the order.
     */
    record OrderAmend(Long id, OrderRef order, Decimal price, Decimal qty, Long deadline) implements ClientMessage {
        public static final String TYPE = "order.amend";

        public OrderAmend {
            Objects.requireNonNull(order, "order");
            if (price == null && qty == null) {
                throw new IllegalArgumentException("an amend needs a price, a qty, or both");
            }
            requireDeadline(deadline);
        }

        /** An amend without a deadline. */
        public OrderAmend(Long id, OrderRef order, Decimal price, Decimal qty) {
            this(id, order, price, qty, null);
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * {@code order.cancel_all} (version 1.1): every open order of the user, or of the user in
     * {@code market} when given. The receipt says how many it {@code canceled}.
     */
    record OrderCancelAll(Long id, String market) implements ClientMessage {
        public static final String TYPE = "order.cancel_all";

        public OrderCancelAll {
            if (market != null && !Topic.isMarket(market)) {
                throw new IllegalArgumentException("market: expected BASE-QUOTE, e.g. BTC-USDT");
            }
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * {@code order.batch} (version 1.1): 1 to {@link #MAX_ORDERS} orders, sequenced one after another
     * with no other command between them. Each is an {@link OrderPlace} without an {@code id}.
     */
    record OrderBatch(Long id, List<OrderPlace> orders) implements ClientMessage {
        public static final String TYPE = "order.batch";
        /** The most orders one batch may hold; a larger one is rejected {@code batch_too_large}. */
        public static final int MAX_ORDERS = 20;

        public OrderBatch {
            orders = List.copyOf(orders);
            if (orders.isEmpty()) {
                throw new IllegalArgumentException("a batch holds at least one order");
            }
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * {@code order.cancel_all_after} (version 1.1): the user's dead man's switch. Arms (or re-arms)
     * it to cancel every open order of the user {@code timeoutMs} from when the sequencer takes
     * it, unless re-armed first; 0 disarms.
     */
    record OrderCancelAllAfter(Long id, long timeoutMs) implements ClientMessage {
        public static final String TYPE = "order.cancel_all_after";
        /** The shortest timeout that arms the switch. */
        public static final long MIN_TIMEOUT_MS = 1_000;
        /** The longest. */
        public static final long MAX_TIMEOUT_MS = 600_000;

        public OrderCancelAllAfter {
            if (timeoutMs != 0 && (timeoutMs < MIN_TIMEOUT_MS || timeoutMs > MAX_TIMEOUT_MS)) {
                throw new IllegalArgumentException("timeout_ms: 0 disarms; otherwise " + MIN_TIMEOUT_MS + " to "
                        + MAX_TIMEOUT_MS);
            }
        }

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * {@code session.cancel_on_disconnect} (version 1.1): while enabled, the orders placed through
     * this connection that are still open when it ends are canceled.
     */
    record SessionCancelOnDisconnect(Long id, boolean enabled) implements ClientMessage {
        public static final String TYPE = "session.cancel_on_disconnect";

        @Override
        public String type() {
            return TYPE;
        }
    }

    /**
     * A {@code deadline} (version 1.1) is ms since the Unix epoch, positive; {@code null} for none. A
     * command that reaches the sequencer after it is rejected with {@code deadline_exceeded}.
     */
    private static void requireDeadline(Long deadline) {
        if (deadline != null && deadline <= 0) {
            throw new IllegalArgumentException("deadline must be a positive time in ms since the epoch");
        }
    }
}
