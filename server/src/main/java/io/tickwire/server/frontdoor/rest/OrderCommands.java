package io.tickwire.server.frontdoor.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tickwire.engine.command.Command;
import io.tickwire.codec.Decoded;
import io.tickwire.codec.JsonCodec;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.decimal.DecimalFormatException;
import io.tickwire.protocol.message.ClientMessage;
import io.tickwire.protocol.message.OrderRef;
import io.tickwire.protocol.message.RejectCode;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.Topic;
import io.tickwire.server.auth.Principal;
import io.tickwire.server.core.OrderEntry;
import io.tickwire.server.hub.Hub;
import io.tickwire.server.hub.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Commands over HTTP: place, cancel and amend an order, and the admin deposit. Each is submitted
 * as the WebSocket's would be, and answered with its receipt once durable (the HTTP status says
 * its outcome); a full sequencer queue answers 429 at once.
 */
final class OrderCommands {
    /** The retry hint when the engine's queue refused a command: it drains in well under this. */
    private static final long BUSY_RETRY_MS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonCodec codec;
    private final Hub hub;
    /** Null on a node that takes no orders. */
    private final OrderEntry orders;
    private final AtomicLong requestIds;

    OrderCommands(RestContext context) {
        this.codec = context.codec();
        this.hub = context.hub();
        this.orders = context.orders();
        this.requestIds = context.requestIds();
    }

    void place(RestExchange ex, Principal p) {
        ClientMessage.OrderPlace place = decodeAs(ex, "order.place", Map.of(), ClientMessage.OrderPlace.class);
        command(ex, id -> Command.Place.of(id, p.userId(), place));
    }

    /** {@code POST /api/v1/orders/batch}: {@code {"orders":[...]}}, answered with the batch's receipt. */
    void placeBatch(RestExchange ex, Principal p) {
        ClientMessage.OrderBatch batch = decodeAs(ex, "order.batch", Map.of(), ClientMessage.OrderBatch.class);
        command(ex, id -> new Command.PlaceBatch(id, p.userId(), batch.orders().stream()
                .map(o -> Command.Place.of(id, p.userId(), o)).toList()));
    }

    void cancel(RestExchange ex, Principal p, long orderId) {
        command(ex, id -> new Command.Cancel(id, p.userId(), OrderRef.byId(orderId)));
    }

    /** {@code DELETE /api/v1/orders[?market=X]}: every open order of the user (in that market). */
    void cancelAll(RestExchange ex, Principal p) {
        String market = ex.param("market");
        if (market != null && !Topic.isMarket(market)) {
            throw new BadRequest("market: expected BASE-QUOTE, e.g. BTC-USDT");
        }
        command(ex, id -> new Command.CancelAll(id, p.userId(), market));
    }

    void amend(RestExchange ex, Principal p, long orderId) {
        ClientMessage.OrderAmend amend = decodeAs(ex, "order.amend", Map.of("order_id", orderId),
                ClientMessage.OrderAmend.class);
        command(ex, id -> Command.Amend.of(id, p.userId(), amend));
    }

    /**
     * Decodes a REST body as the WebSocket message of {@code type}, plus {@code extra} fields (the
     * path's order id). A body copied from a WebSocket message may keep its {@code type} (when it
     * is this endpoint's) and its {@code id}: both are ignored, as the path and the HTTP exchange
     * say what they would.
     */
    private <T extends ClientMessage> T decodeAs(RestExchange ex, String type, Map<String, Long> extra,
                                                 Class<T> kind) {
        JsonNode body;
        try {
            body = JSON.readTree(ex.request().content().toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BadRequest(null, "the body must be a JSON object: "
                    + RestExchange.clip(String.valueOf(e.getMessage())));
        }
        if (body == null || !body.isObject()) {
            throw new BadRequest(null, "the body must be a JSON object");
        }
        ObjectNode message = (ObjectNode) body;
        JsonNode given = message.remove("type");
        if (given != null && !type.equals(given.asText())) {
            throw new BadRequest("type", "type: this endpoint takes " + type + "; omit type and id");
        }
        message.remove("id");
        ObjectNode full = JSON.createObjectNode().put("type", type);
        extra.forEach(full::put);
        full.setAll(message);
        return switch (codec.decodeClient(full.toString())) {
            case Decoded.Invalid<ClientMessage> invalid ->
                    throw new BadRequest(invalid.error().field(), invalid.error().message());
            case Decoded.Ok<ClientMessage> ok when kind.isInstance(ok.message()) -> kind.cast(ok.message());
            case Decoded.Ok<ClientMessage> ok -> throw new BadRequest(null, "unexpected body");
        };
    }

    void deposit(RestExchange ex) {
        if (refusedAdmin(ex)) {
            return;
        }
        Transfer t = transfer(ex);
        command(ex, id -> new Command.Deposit(id, t.user(), t.asset(), t.amount()));
    }

    /** Debits a user's available balance (admin); refused with {@code insufficient_balance} beyond it. */
    void withdraw(RestExchange ex) {
        if (refusedAdmin(ex)) {
            return;
        }
        Transfer t = transfer(ex);
        command(ex, id -> new Command.Withdraw(id, t.user(), t.asset(), t.amount()));
    }

    /** Answers 403 on a node that takes no admin commands (a gateway node); true when it did. */
    private boolean refusedAdmin(RestExchange ex) {
        if (orders != null && orders.takesAdminCommands()) {
            return false;
        }
        ex.error(HttpResponseStatus.FORBIDDEN, "forbidden",
                "deposits and withdrawals are served by the core's own REST API only, not by this node");
        return true;
    }

    /** The body of a deposit or a withdrawal. */
    private record Transfer(long user, String asset, Decimal amount) {
    }

    private static Transfer transfer(RestExchange ex) {
        JsonNode body;
        try {
            body = JSON.readTree(ex.request().content().toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BadRequest("the body must be a JSON object");
        }
        if (body == null || !body.isObject() || !body.path("user_id").isTextual() || !body.path("asset").isTextual()
                || !body.path("amount").isTextual() || !body.path("user_id").asText().matches("[0-9]{1,18}")) {
            throw new BadRequest("expected {\"user_id\":\"<digits>\",\"asset\":..,\"amount\":\"<decimal>\"}");
        }
        Decimal amount;
        try {
            amount = Decimal.parse(body.get("amount").asText());
        } catch (DecimalFormatException e) {
            throw new BadRequest("amount " + e.getMessage());
        }
        return new Transfer(Long.parseLong(body.get("user_id").asText()), body.get("asset").asText(), amount);
    }

    /**
     * Runs {@code next} if this node takes commands; otherwise answers 403 {@code forbidden} to
     * anyone, before authentication: a relay or a read-only gateway refuses every order alike.
     */
    void ifTaken(RestExchange ex, Runnable next) {
        if (orders != null) {
            next.run();
        } else {
            ex.error(HttpResponseStatus.FORBIDDEN, "forbidden",
                    "this node takes no orders; send them to the core (or to the relay's upstream)");
        }
    }

    /** Submits a command and answers with its receipt once durable. */
    private void command(RestExchange ex, LongFunction<Command> make) {
        if (orders == null) {
            ex.error(HttpResponseStatus.FORBIDDEN, "forbidden",
                    "this node takes no orders; send them to the core (or to the relay's upstream)");
            return;
        }
        long requestId = requestIds.incrementAndGet();
        String wireId = hub.epoch() + "-" + requestId;
        Command command = make.apply(requestId); // may throw BadRequest: before anything is retained
        ex.request().retain();
        hub.expectReceipt(requestId, wireId, new ReceiptResponder(ex), null);
        orders.enqueue(command).whenComplete((enqueued, failure) -> {
            if (enqueued == OrderEntry.Enqueued.QUEUED) {
                return; // the receipt answers the request
            }
            hub.cancelReceipt(requestId);
            ex.context().executor().execute(() -> {
                if (enqueued == OrderEntry.Enqueued.REFUSED) {
                    HttpResponses.tooManyRequests(ex.context(), ex.request(), "the engine is busy or out of reach",
                            BUSY_RETRY_MS, true);
                } else {
                    ex.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "the core did not confirm the "
                            + "command in time: its outcome is unknown; look the order up (by client_order_id)");
                }
                ex.request().release();
            });
        });
    }

    /** Receives the receipt for one HTTP command and writes it as the response. */
    private final class ReceiptResponder implements Session {
        private final RestExchange ex;

        ReceiptResponder(RestExchange ex) {
            this.ex = ex;
        }

        @Override
        public long id() {
            return -1;
        }

        @Override
        public Principal principal() {
            return null;
        }

        @Override
        public void send(byte[] frame) {
        }

        @Override
        public void send(ServerMessage message) {
            if (message instanceof ServerMessage.Receipt receipt) {
                ex.respond(statusOf(receipt), codec.encode(receipt));
                ex.request().release();
            }
        }

        /** Always "open": the hub must hand over the receipt so the request is released. */
        @Override
        public boolean isOpen() {
            return true;
        }
    }

    static HttpResponseStatus statusOf(ServerMessage.Receipt receipt) {
        RejectCode code = receipt.rejectCode();
        if (receipt.code() == null) {
            return HttpResponseStatus.OK;
        }
        if (code == null) {
            return HttpResponseStatus.BAD_REQUEST;
        }
        return switch (code) {
            case UNKNOWN_MARKET, UNKNOWN_ORDER, UNKNOWN_ASSET -> HttpResponseStatus.NOT_FOUND;
            case DUPLICATE_CLIENT_ORDER_ID, ORDER_NOT_OPEN -> HttpResponseStatus.CONFLICT;
            case FORBIDDEN -> HttpResponseStatus.FORBIDDEN;
            case INTERNAL -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
            default -> HttpResponseStatus.BAD_REQUEST;
        };
    }
}
