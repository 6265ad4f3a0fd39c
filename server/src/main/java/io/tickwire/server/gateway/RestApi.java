package io.tickwire.server.gateway;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.tickwire.engine.command.Command;
import io.tickwire.journal.JournalEvent;
import io.tickwire.journal.Read;
import io.tickwire.protocol.codec.Decoded;
import io.tickwire.protocol.codec.JsonCodec;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.decimal.DecimalFormatException;
import io.tickwire.protocol.message.Balance;
import io.tickwire.protocol.message.ClientMessage;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.GapReason;
import io.tickwire.protocol.message.Level;
import io.tickwire.protocol.message.Order;
import io.tickwire.protocol.message.OrderRef;
import io.tickwire.protocol.message.RejectCode;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.Topic;
import io.tickwire.protocol.message.TopicFormatException;
import io.tickwire.server.auth.Principal;
import io.tickwire.server.auth.Scope;
import io.tickwire.server.auth.TokenService;
import io.tickwire.server.core.TradingCore;
import io.tickwire.server.hub.Hub;
import io.tickwire.server.hub.Session;
import io.tickwire.server.metrics.ServerMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.Predicate;

/**
 * The REST API of docs/protocol.md. Reads come from the hub (durable state, the same the pushes
 * describe), never from the engine, whose state may be ahead of what is durable. Commands
 * answer with their receipt once durable. Nothing here blocks the event loop: answers are
 * written when their futures complete.
 */
final class RestApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonCodec codec;
    private final TokenService tokens;
    private final Hub hub;
    private final TradingCore core;
    private final AtomicLong requestIds;
    private final long startedAt = System.currentTimeMillis();
    /** Journal reads may touch the disk: never on an event loop. */
    private final ExecutorService reads = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "tickwire-rest-io");
        t.setDaemon(true);
        return t;
    });

    private final ServerMetrics metrics;

    RestApi(GatewayContext context) {
        this.metrics = context.metrics();
        this.codec = context.codec();
        this.tokens = context.tokens();
        this.hub = context.hub();
        this.core = context.core();
        this.requestIds = context.requestIds();
    }

    void close() {
        reads.shutdownNow();
    }

    /** Answers the request; returns false if the path is not the API's. */
    boolean handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        HttpMethod method = request.method();
        try {
            if (path.equals("/metrics") && method.equals(HttpMethod.GET)) {
                HttpHandler.send(ctx, request, HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8",
                        metrics.scrape().getBytes(StandardCharsets.UTF_8), true);
            } else if (path.equals("/api/v1/markets") && method.equals(HttpMethod.GET)) {
                markets(ctx, request);
            } else if (path.startsWith("/api/v1/book/") && method.equals(HttpMethod.GET)) {
                book(ctx, request, path.substring("/api/v1/book/".length()), intParam(uri, "depth", 100, 1, 10_000));
            } else if (path.startsWith("/api/v1/trades/") && method.equals(HttpMethod.GET)) {
                trades(ctx, request, path.substring("/api/v1/trades/".length()), intParam(uri, "limit", 100, 1, 1000));
            } else if (path.equals("/api/v1/orders") && method.equals(HttpMethod.POST)) {
                withScope(ctx, request, Scope.TRADE, p -> place(ctx, request, p));
            } else if (path.startsWith("/api/v1/orders/") && method.equals(HttpMethod.DELETE)) {
                long target = orderId(path);
                withScope(ctx, request, Scope.TRADE, p -> command(ctx, request, id -> new Command.Cancel(id, p.userId(),
                        OrderRef.byId(target))));
            } else if (path.startsWith("/api/v1/orders/") && method.equals(HttpMethod.PATCH)) {
                withScope(ctx, request, Scope.TRADE, p -> amend(ctx, request, p, orderId(path)));
            } else if (path.equals("/api/v1/orders") && method.equals(HttpMethod.GET)) {
                withAccountRead(ctx, request, p -> orders(ctx, request, p, uri));
            } else if (path.startsWith("/api/v1/orders/") && method.equals(HttpMethod.GET)) {
                withAccountRead(ctx, request, p -> order(ctx, request, p, orderId(path)));
            } else if (path.equals("/api/v1/balances") && method.equals(HttpMethod.GET)) {
                withAccountRead(ctx, request, p -> balances(ctx, request, p));
            } else if (path.equals("/api/v1/admin/deposit") && method.equals(HttpMethod.POST)) {
                withScope(ctx, request, Scope.ADMIN, p -> deposit(ctx, request));
            } else if (path.equals("/events/_status") && method.equals(HttpMethod.GET)) {
                status(ctx, request);
            } else if (path.startsWith("/events/") && method.equals(HttpMethod.GET)) {
                events(ctx, request, uri, path.substring("/events/".length()));
            } else if (path.startsWith("/api/") || path.startsWith("/events/")) {
                error(ctx, request, HttpResponseStatus.NOT_FOUND, "not_found", method + " " + path
                        + " is not an endpoint");
            } else {
                return false;
            }
        } catch (BadRequest e) {
            error(ctx, request, HttpResponseStatus.BAD_REQUEST, "bad_request", e.getMessage(), e.field);
        } catch (IllegalArgumentException e) {
            // e.g. a malformed %-escape in the query string
            error(ctx, request, HttpResponseStatus.BAD_REQUEST, "bad_request", "malformed request: " + clip(
                    String.valueOf(e.getMessage())));
        }
        return true;
    }

    /** A client error found while reading the request. */
    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** The offending field, or {@code null}. */
        final String field;

        BadRequest(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }

        BadRequest(String message) {
            this(null, message);
        }
    }

    private static int intParam(QueryStringDecoder uri, String name, int fallback, int min, int max) {
        List<String> values = uri.parameters().get(name);
        if (values == null || values.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(values.get(0));
            if (value < min || value > max) {
                throw new BadRequest(name + " must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadRequest(name + " must be an integer");
        }
    }

    private static long orderId(String path) {
        String id = path.substring(path.lastIndexOf('/') + 1);
        try {
            long value = Long.parseLong(id);
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadRequest("order_id must be a non-negative integer, was \"" + clip(id) + "\"");
        }
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    // ------------------------------------------------------------------ auth

    /** Reads of the caller's own account: scope {@code read} or {@code trade} ({@link Principal#canReadAccount}). */
    private void withAccountRead(ChannelHandlerContext ctx, FullHttpRequest request,
                                 Consumer<Principal> action) {
        withPrincipal(ctx, request, Principal::canReadAccount, "read or trade", action);
    }

    private void withScope(ChannelHandlerContext ctx, FullHttpRequest request, Scope scope,
                           Consumer<Principal> action) {
        withPrincipal(ctx, request, p -> p.can(scope), scope.wire(), action);
    }

    private void withPrincipal(ChannelHandlerContext ctx, FullHttpRequest request,
                               Predicate<Principal> allowed, String scopeName,
                               Consumer<Principal> action) {
        String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            error(ctx, request, HttpResponseStatus.UNAUTHORIZED, "unauthorized",
                    "Authorization: Bearer <token> is required");
            return;
        }
        switch (tokens.verify(header.substring(7).trim())) {
            case TokenService.Verdict.Refused refused ->
                    error(ctx, request, HttpResponseStatus.UNAUTHORIZED, "unauthorized", refused.reason());
            case TokenService.Verdict.Valid valid -> {
                if (!allowed.test(valid.principal())) {
                    error(ctx, request, HttpResponseStatus.FORBIDDEN, "forbidden", "the token lacks scope "
                            + scopeName);
                } else {
                    action.accept(valid.principal());
                }
            }
        }
    }

    // ------------------------------------------------------------------ public reads

    private void markets(ChannelHandlerContext ctx, FullHttpRequest request) {
        respond(ctx, request, HttpResponseStatus.OK, json(g -> {
            g.writeStartArray();
            for (var m : core.markets().markets()) {
                g.writeStartObject();
                g.writeStringField("market", m.name());
                g.writeStringField("base", m.base().name());
                g.writeStringField("quote", m.quote().name());
                g.writeNumberField("price_scale", m.priceScale());
                g.writeNumberField("qty_scale", m.qtyScale());
                g.writeStringField("min_qty", Decimal.format(m.minQty(), m.qtyScale()));
                g.writeStringField("maker_fee", Decimal.format(m.makerFeePpm(), 6));
                g.writeStringField("taker_fee", Decimal.format(m.takerFeePpm(), 6));
                g.writeEndObject();
            }
            g.writeEndArray();
        }));
    }

    private void book(ChannelHandlerContext ctx, FullHttpRequest request, String market, int depth) {
        hub.book(market).whenCompleteAsync((view, failure) -> {
            if (failure != null) {
                error(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "book unavailable");
            } else if (view == null) {
                error(ctx, request, HttpResponseStatus.NOT_FOUND, "unknown_market", "no market " + clip(market));
            } else {
                respond(ctx, request, HttpResponseStatus.OK, json(g -> {
                    g.writeStartObject();
                    g.writeStringField("market", market);
                    g.writeStringField("epoch", view.epoch());
                    g.writeNumberField("seq", view.seq());
                    levels(g, "bids", view.snapshot().bids(), depth);
                    levels(g, "asks", view.snapshot().asks(), depth);
                    g.writeNumberField("checksum", view.snapshot().checksum());
                    g.writeEndObject();
                }));
            }
        }, ctx.executor());
    }

    private static void levels(JsonGenerator g, String name, List<Level> levels, int depth) throws IOException {
        g.writeArrayFieldStart(name);
        for (int i = 0; i < Math.min(depth, levels.size()); i++) {
            g.writeStartArray();
            g.writeString(levels.get(i).price().toString());
            g.writeString(levels.get(i).qty().toString());
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    private void trades(ChannelHandlerContext ctx, FullHttpRequest request, String market, int limit) {
        String stream = "trades." + market;
        if (core.markets().market(market) == null) {
            error(ctx, request, HttpResponseStatus.NOT_FOUND, "unknown_market", "no market " + clip(market));
            return;
        }
        offload(ctx, request, () -> {
            long head = hub.journal().lastSeq(stream);
            Read read = hub.journal().read(stream, Math.max(0, head - limit), limit);
            List<JournalEvent> events = read instanceof Read.Events e ? e.events() : List.of();
            respond(ctx, request, HttpResponseStatus.OK, json(g -> {
                g.writeStartArray();
                for (int i = events.size() - 1; i >= 0; i--) {
                    g.writeRawValue(new String(events.get(i).data(), StandardCharsets.UTF_8));
                }
                g.writeEndArray();
            }));
        });
    }

    /** Runs a read that may touch the disk on the I/O pool and answers from there. */
    private void offload(ChannelHandlerContext ctx, FullHttpRequest request, Runnable task) {
        reads.execute(() -> {
            try {
                task.run();
            } catch (BadRequest e) {
                error(ctx, request, HttpResponseStatus.BAD_REQUEST, "bad_request", e.getMessage(), e.field);
            } catch (RuntimeException e) {
                error(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "read failed");
            }
        });
    }

    // ------------------------------------------------------------------ private reads

    private void orders(ChannelHandlerContext ctx, FullHttpRequest request, Principal p, QueryStringDecoder uri) {
        List<String> clientIds = uri.parameters().get("client_order_id");
        List<String> status = uri.parameters().get("status");
        String clientId = clientIds == null || clientIds.isEmpty() ? null : clientIds.get(0);
        if (clientId == null && (status == null || !status.contains("open"))) {
            throw new BadRequest("use ?status=open or ?client_order_id=X");
        }
        hub.account(p.userId(), 0, clientId).whenCompleteAsync((view, failure) -> {
            if (failure != null) {
                error(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "orders unavailable");
                return;
            }
            List<Order> orders = clientId != null ? (view.order() == null ? List.of() : List.of(view.order()))
                    : view.openOrders();
            respond(ctx, request, HttpResponseStatus.OK, json(g -> {
                g.writeStartArray();
                for (Order o : orders) {
                    g.writeRawValue(new String(codec.encodeData(new EventPayload.OrderUpdate(o)),
                            StandardCharsets.UTF_8));
                }
                g.writeEndArray();
            }));
        }, ctx.executor());
    }

    private void order(ChannelHandlerContext ctx, FullHttpRequest request, Principal p, long orderId) {
        hub.account(p.userId(), Math.max(orderId, 1), null).whenCompleteAsync((view, failure) -> {
            if (failure != null) {
                error(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "order unavailable");
            } else if (view.order() == null || orderId == 0) {
                error(ctx, request, HttpResponseStatus.NOT_FOUND, "unknown_order", "no order " + orderId
                        + " for this user");
            } else {
                respond(ctx, request, HttpResponseStatus.OK,
                        codec.encodeData(new EventPayload.OrderUpdate(view.order())));
            }
        }, ctx.executor());
    }

    private void balances(ChannelHandlerContext ctx, FullHttpRequest request, Principal p) {
        hub.account(p.userId(), 0, null).whenCompleteAsync((view, failure) -> {
            if (failure != null) {
                error(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "balances unavailable");
                return;
            }
            respond(ctx, request, HttpResponseStatus.OK, json(g -> {
                g.writeStartArray();
                for (Balance b : view.balances()) {
                    g.writeRawValue(new String(codec.encodeData(new EventPayload.BalanceUpdate(b)),
                            StandardCharsets.UTF_8));
                }
                g.writeEndArray();
            }));
        }, ctx.executor());
    }

    // ------------------------------------------------------------------ commands

    private void place(ChannelHandlerContext ctx, FullHttpRequest request, Principal p) {
        ClientMessage.OrderPlace place = decodeAs(request, "order.place", Map.of(), ClientMessage.OrderPlace.class);
        command(ctx, request, id -> new Command.Place(id, p.userId(), place.market(), place.side(), place.orderType(),
                place.tif(), place.price(), place.qty(), place.clientOrderId()));
    }

    private void amend(ChannelHandlerContext ctx, FullHttpRequest request, Principal p, long orderId) {
        ClientMessage.OrderAmend amend = decodeAs(request, "order.amend", Map.of("order_id", orderId),
                ClientMessage.OrderAmend.class);
        command(ctx, request, id -> new Command.Amend(id, p.userId(), amend.order(), amend.price(), amend.qty()));
    }

    /**
     * Decodes a REST body as the WebSocket message of {@code type}, plus {@code extra} fields (the
     * path's order id). A body copied from a WebSocket message may keep its {@code type} (when it
     * is this endpoint's) and its {@code id}: both are ignored, as the path and the HTTP exchange
     * say what they would.
     */
    private <T extends ClientMessage> T decodeAs(FullHttpRequest request, String type, Map<String, Long> extra,
                                                 Class<T> kind) {
        JsonNode body;
        try {
            body = JSON.readTree(request.content().toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BadRequest(null, "the body must be a JSON object: " + clip(String.valueOf(e.getMessage())));
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

    private void deposit(ChannelHandlerContext ctx, FullHttpRequest request) {
        JsonNode body;
        try {
            body = JSON.readTree(request.content().toString(StandardCharsets.UTF_8));
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
        long user = Long.parseLong(body.get("user_id").asText());
        String asset = body.get("asset").asText();
        command(ctx, request, id -> new Command.Deposit(id, user, asset, amount));
    }

    /** Submits a command and answers with its receipt once durable. */
    private void command(ChannelHandlerContext ctx, FullHttpRequest request, LongFunction<Command> make) {
        long requestId = requestIds.incrementAndGet();
        String wireId = hub.epoch() + "-" + requestId;
        Command command = make.apply(requestId); // may throw BadRequest: before anything is retained
        request.retain();
        hub.expectReceipt(requestId, wireId, new ReceiptResponder(ctx, request), null);
        boolean queued = false;
        try {
            queued = core.submit(command);
        } finally {
            if (!queued) {
                hub.cancelReceipt(requestId);
                error(ctx, request, HttpResponseStatus.TOO_MANY_REQUESTS, "rate_limited",
                        "the engine is busy; retry shortly");
                request.release();
            }
        }
    }

    /** Receives the receipt for one HTTP command and writes it as the response. */
    private final class ReceiptResponder implements Session {
        private final ChannelHandlerContext ctx;
        private final FullHttpRequest request;

        ReceiptResponder(ChannelHandlerContext ctx, FullHttpRequest request) {
            this.ctx = ctx;
            this.request = request;
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
                respond(ctx, request, statusOf(receipt), codec.encode(receipt));
                request.release();
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

    // ------------------------------------------------------------------ events over HTTP

    private void events(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri, String topicName) {
        Topic topic;
        try {
            topic = Topic.parse(topicName);
        } catch (TopicFormatException e) {
            error(ctx, request, e.unknownKind() ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.BAD_REQUEST,
                    e.unknownKind() ? "unknown_topic" : "bad_request", "topic: " + e.getMessage(), "topic");
            return;
        }
        if (topic instanceof Topic.Account) {
            withAccountRead(ctx, request, p -> eventsOf(ctx, request, uri, topic,
                    JournalEvent.accountStream(p.userId())));
        } else if (!hub.exists(topic)) {
            error(ctx, request, HttpResponseStatus.NOT_FOUND, "unknown_topic", "topic: no such topic " + topic.name(),
                    "topic");
        } else {
            eventsOf(ctx, request, uri, topic, topic.name());
        }
    }

    private void eventsOf(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri, Topic topic,
                          String stream) {
        List<String> sinceValues = uri.parameters().get("since");
        long since;
        try {
            since = sinceValues == null || sinceValues.isEmpty() ? 0 : Long.parseLong(sinceValues.get(0));
            if (since < 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new BadRequest("since must be a non-negative integer (a seq)");
        }
        int limit = intParam(uri, "limit", 100, 1, 1000);
        offload(ctx, request, () -> eventsPage(ctx, request, topic, stream, since, limit));
    }

    private void eventsPage(ChannelHandlerContext ctx, FullHttpRequest request, Topic topic, String stream, long since,
                            int limit) {
        String epoch = hub.epoch();
        long head = hub.journal().lastSeq(stream);
        Read read = hub.journal().read(stream, Math.min(since, head), limit);
        respond(ctx, request, HttpResponseStatus.OK, json(g -> {
            g.writeStartObject();
            g.writeStringField("epoch", epoch);
            g.writeNumberField("head_seq", head);
            g.writeArrayFieldStart("events");
            List<JournalEvent> events = List.of();
            if (read instanceof Read.Gap gap) {
                g.writeStartObject();
                g.writeNumberField("cursor", gap.toSeq());
                g.writeStringField("topic", "gap");
                g.writeStringField("received_at", Instant.now().toString());
                g.writeStringField("reset_epoch", epoch);
                g.writeFieldName("payload");
                g.writeRawValue(new String(codec.encode(new ServerMessage.Gap(topic, epoch, gap.fromSeq(), gap.toSeq(),
                        GapReason.RETENTION)), StandardCharsets.UTF_8));
                g.writeEndObject();
                Read after = hub.journal().read(stream, gap.toSeq(), limit);
                events = after instanceof Read.Events e ? e.events() : List.of();
            } else if (read instanceof Read.Events e) {
                events = e.events();
            }
            for (JournalEvent e : events) {
                g.writeStartObject();
                g.writeNumberField("cursor", e.seq());
                g.writeStringField("topic", topic.name());
                g.writeStringField("received_at", Instant.ofEpochMilli(e.ts()).toString());
                g.writeStringField("reset_epoch", epoch);
                g.writeFieldName("payload");
                g.writeRawValue(new String(codec.frame(e.type(), topic.name(), epoch, e.seq(), e.ts(), e.data()),
                        StandardCharsets.UTF_8));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    /**
     * The event feed's state, as a relay's capture reports it. On a single node the feed is the
     * core itself: {@code connected} says the core runs (its sequencer has not stopped or failed),
     * {@code reconnect_count} is always 0, and {@code buffer_sizes} gives each stream's events held
     * in memory history (what a resume gets without the disk). Account streams are counted, not
     * named: one user's activity is not another's business.
     */
    private void status(ChannelHandlerContext ctx, FullHttpRequest request) {
        request.retain();
        hub.activeStreams().whenCompleteAsync((active, failure) -> {
            try {
                respond(ctx, request, HttpResponseStatus.OK, json(g -> {
                    g.writeStartObject();
                    g.writeBooleanField("connected", core.isRunning());
                    long last = hub.lastPublishedAt();
                    if (last == 0) {
                        g.writeNullField("last_message_at");
                    } else {
                        g.writeStringField("last_message_at", Instant.ofEpochMilli(last).toString());
                    }
                    g.writeNumberField("reconnect_count", 0);
                    g.writeNumberField("uptime_seconds", (System.currentTimeMillis() - startedAt) / 1000);
                    g.writeStringField("reset_epoch", hub.epoch());
                    g.writeNumberField("topics_subscribed", active == null ? 0 : active);
                    g.writeObjectFieldStart("buffer_sizes");
                    long accountEvents = 0;
                    for (Map.Entry<String, Integer> e : hub.journal().historySizes().entrySet()) {
                        if (e.getKey().startsWith("account:")) {
                            accountEvents += e.getValue();
                        } else {
                            g.writeNumberField(e.getKey(), e.getValue());
                        }
                    }
                    g.writeNumberField("account", accountEvents);
                    g.writeEndObject();
                    g.writeEndObject();
                }));
            } finally {
                request.release();
            }
        }, ctx.executor());
    }

    // ------------------------------------------------------------------ writing

    @FunctionalInterface
    private interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    private byte[] json(Writer writer) {
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator g = codec.factory().createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void error(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String code,
                       String message) {
        error(ctx, request, status, code, message, null);
    }

    /** An error answer; {@code field} (may be null) names the offending field of the request, as over WebSocket. */
    private void error(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String code,
                       String message, String field) {
        respond(ctx, request, status, json(g -> {
            g.writeStartObject();
            g.writeStringField("code", code);
            g.writeStringField("message", message);
            if (field != null) {
                g.writeStringField("field", field);
            }
            g.writeEndObject();
        }));
    }

    /** API answers keep the connection open after errors too: a client's mistake is not a reason to reconnect. */
    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                                byte[] body) {
        HttpHandler.send(ctx, request, status, HttpHeaderValues.APPLICATION_JSON, body, true);
    }
}
