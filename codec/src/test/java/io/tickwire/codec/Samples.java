package io.tickwire.codec;

import io.tickwire.protocol.book.BookChecksum;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.Balance;
import io.tickwire.protocol.message.CandleInterval;
import io.tickwire.protocol.message.ClientMessage;
import io.tickwire.protocol.message.Cursor;
import io.tickwire.protocol.message.ErrorCode;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.FeedGapReason;
import io.tickwire.protocol.message.GapReason;
import io.tickwire.protocol.message.InvalidationReason;
import io.tickwire.protocol.message.Level;
import io.tickwire.protocol.message.LevelChange;
import io.tickwire.protocol.message.Order;
import io.tickwire.protocol.message.OrderRef;
import io.tickwire.protocol.message.OrderResult;
import io.tickwire.protocol.message.OrderStatus;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.ReceiptStatus;
import io.tickwire.protocol.message.RejectCode;
import io.tickwire.protocol.message.Role;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.protocol.message.TimeInForce;
import io.tickwire.protocol.message.Topic;
import java.time.Instant;
import java.util.List;

/** One or more instances of every message type, for round-trip and schema tests. */
public final class Samples {

    public static final Order OPEN_ORDER = new Order(1001, "my-1", "BTC-USDT", Side.BUY, OrderType.LIMIT,
            TimeInForce.GTC, d("85000.00"), d("0.002"), OrderStatus.PARTIALLY_FILLED, d("0.001"), d("85000.00"),
            1734533790000L);

    public static final Order MARKET_ORDER = new Order(1002, null, "ETH-USDT", Side.SELL, OrderType.MARKET,
            TimeInForce.IOC, null, d("1.5000"), OrderStatus.CANCELED, d("0.0000"), null, 1734533790001L);

    private Samples() {
    }

    static Decimal d(String text) {
        return Decimal.parse(text);
    }

    public static List<ClientMessage> clientMessages() {
        return List.of(
                new ClientMessage.Auth(null, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMDAxIn0.c2ln"),
                new ClientMessage.Auth(4L, "t"),
                new ClientMessage.Subscribe(7L, Topic.book("BTC-USDT"), null),
                new ClientMessage.Subscribe(8L, Topic.account(), new Cursor("7f3a9c", 1200)),
                new ClientMessage.Subscribe(null, Topic.trades("ETH-USDT"), new Cursor("e1", 0)),
                new ClientMessage.Unsubscribe(9L, Topic.book("BTC-USDT")),
                new ClientMessage.Ping(3L),
                new ClientMessage.Ping(null),
                new ClientMessage.OrderPlace(10L, "BTC-USDT", Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
                        d("85000.00"), d("0.001"), "my-1"),
                new ClientMessage.OrderPlace(null, "ETH-USDT", Side.SELL, OrderType.MARKET, TimeInForce.IOC,
                        null, d("2.5"), null),
                new ClientMessage.OrderPlace(11L, "BTC-USDT", Side.SELL, OrderType.LIMIT, TimeInForce.POST_ONLY,
                        d("85001"), d("1.000"), "a.b_c:d-e"),
                new ClientMessage.OrderCancel(11L, OrderRef.byId(1001)),
                new ClientMessage.OrderCancel(12L, OrderRef.byClientId("my-1")),
                new ClientMessage.OrderAmend(13L, OrderRef.byId(1001), d("85010.00"), d("0.002")),
                new ClientMessage.OrderAmend(16L, OrderRef.byId(1001), null, d("0.001"), 1734533790500L),
                new ClientMessage.OrderCancelAll(21L, "BTC-USDT"),
                new ClientMessage.OrderCancelAll(null, null),
                new ClientMessage.OrderPlace(15L, "BTC-USDT", Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
                        d("85000.00"), d("0.002"), null, 1734533790500L),
                new ClientMessage.OrderAmend(14L, OrderRef.byClientId("my-1"), null, d("0.001")),
                new ClientMessage.OrderAmend(15L, OrderRef.byId(7), d("1.5"), null),
                new ClientMessage.OrderBatch(20L, List.of(
                        new ClientMessage.OrderPlace(null, "BTC-USDT", Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
                                d("84000.00"), d("0.010"), "b-1"),
                        new ClientMessage.OrderPlace(null, "ETH-USDT", Side.SELL, OrderType.MARKET, TimeInForce.IOC,
                                null, d("1"), null, 1734533790500L))),
                new ClientMessage.OrderCancelAllAfter(22L, 60_000),
                new ClientMessage.OrderCancelAllAfter(null, 0),
                new ClientMessage.SessionCancelOnDisconnect(23L, true),
                new ClientMessage.SessionCancelOnDisconnect(null, false));
    }

    public static List<ServerMessage> serverMessages() {
        List<Level> bids = List.of(new Level(d("84999.50"), d("0.250")), new Level(d("84990.00"), d("1.000")));
        List<Level> asks = List.of(new Level(d("85000.00"), d("1.000")));
        return List.of(
                new ServerMessage.AuthOk(null, "1001", 1734537390000L),
                new ServerMessage.AuthOk(1L, "1002", 1734537390000L),
                new ServerMessage.Subscribed(8L, Topic.account(), "7f3a9c", 1234, true),
                new ServerMessage.Subscribed(null, Topic.book("BTC-USDT"), "b1", 0, false),
                new ServerMessage.Unsubscribed(9L, Topic.book("BTC-USDT")),
                new ServerMessage.Pong(3L, 1734533790000L),
                new ServerMessage.Pong(null, null),
                new ServerMessage.Ack(10L, "r-000001", 1734533790000L),
                new ServerMessage.Receipt(10L, "r-000001", ReceiptStatus.ACCEPTED, 1001L, "my-1", null, null),
                new ServerMessage.Receipt(11L, "r-000002", ReceiptStatus.REJECTED, 1001L, "my-1",
                        RejectCode.DUPLICATE_CLIENT_ORDER_ID.wire(), "client_order_id my-1 is already in use"),
                new ServerMessage.Receipt(null, "r-000003", ReceiptStatus.REJECTED, null, null,
                        RejectCode.INSUFFICIENT_BALANCE.wire(), "needs 85.00 USDT, 10.00 available"),
                ServerMessage.ErrorMessage.of(12L, ErrorCode.UNKNOWN_TOPIC, "unknown topic \"foo\""),
                new ServerMessage.ErrorMessage(null, "bad_request", "qty must be a decimal string", "qty"),
                ServerMessage.ErrorMessage.rateLimited(13L, "slow down", 10),
                new ServerMessage.Receipt(21L, "r-1", ReceiptStatus.ACCEPTED, null, null, null, null, 3),
                new ServerMessage.Notice(ServerMessage.Notice.SHUTDOWN, "the server is shutting down", 1000L),
                new ServerMessage.Notice("maintenance", "soon", null),
                new ServerMessage.Receipt(20L, "r-2", ReceiptStatus.ACCEPTED, null, null, null, null, null, List.of(
                        new OrderResult(ReceiptStatus.ACCEPTED, 1201L, "b-1", null, null),
                        new OrderResult(ReceiptStatus.REJECTED, null, null, RejectCode.POST_ONLY_WOULD_TAKE.wire(),
                                "post_only order would take liquidity"))),
                new ServerMessage.CancelAllAfter(22L, 1734533850000L),
                new ServerMessage.CancelAllAfter(null, null),
                new ServerMessage.CancelOnDisconnect(23L, true),
                event(Topic.ticker("BTC-USDT"), 88, new EventPayload.Ticker("BTC-USDT", d("85000.00"),
                        new Level(d("84999.50"), d("0.250")), null, d("83000.00"), d("86000.00"), d("82500.00"),
                        d("1234.500000"), d("104123456.78"), 18234)),
                event(Topic.ticker("ETH-USDT"), 1, new EventPayload.Ticker("ETH-USDT", null, null, null, null, null,
                        null, d("0.0000"), d("0.00"), 0)),
                event(Topic.candles("BTC-USDT", CandleInterval.M1), 501, new EventPayload.Candle("BTC-USDT",
                        CandleInterval.M1, 1734533760000L, 1734533819999L, d("84990.00"), d("85010.00"),
                        d("84980.00"), d("85000.00"), d("1.250000"), d("106245.12"), 17, false)),
                event(Topic.candles("ETH-USDT", CandleInterval.D1), 9, new EventPayload.Candle("ETH-USDT",
                        CandleInterval.D1, 1734480000000L, 1734566399999L, d("3000.00"), d("3100.00"),
                        d("2900.00"), d("3050.00"), d("10.0000"), d("30500.00"), 4, true)),
                new ServerMessage.Gap(Topic.account(), "7f3a9c", 1201L, 1300L, GapReason.RETENTION),
                new ServerMessage.Gap(Topic.book("BTC-USDT"), "b2", null, null, GapReason.EPOCH_CHANGED),
                event(Topic.book("BTC-USDT"), 41, new EventPayload.BookSnapshot("BTC-USDT", bids, asks,
                        BookChecksum.of(bids, asks))),
                event(Topic.book("BTC-USDT"), 0, new EventPayload.BookSnapshot("BTC-USDT", List.of(), List.of(), 0)),
                event(Topic.book("BTC-USDT"), 42, new EventPayload.BookDelta("BTC-USDT", List.of(
                        new LevelChange(Side.BUY, d("84999.50"), d("0.000")),
                        new LevelChange(Side.SELL, d("85001.00"), d("1.200"))), 123456789L)),
                event(Topic.book("BTC-USDT"), 43, new EventPayload.BookInvalidated("BTC-USDT", InvalidationReason.LAG)),
                event(Topic.trades("BTC-USDT"), 7, new EventPayload.MarketTrade(5001, "BTC-USDT", d("85000.00"),
                        d("0.001"), Side.BUY)),
                event(Topic.account(), 1233, new EventPayload.AccountSnapshot(
                        List.of(new Balance("BTC", d("1.5"), d("0")), new Balance("USDT", d("1000.00"), d("85.00"))),
                        List.of(OPEN_ORDER))),
                event(Topic.account(), 0, new EventPayload.AccountSnapshot(List.of(), List.of())),
                event(Topic.account(), 1234, new EventPayload.OrderUpdate(OPEN_ORDER)),
                event(Topic.account(), 1235, new EventPayload.OrderUpdate(MARKET_ORDER)),
                event(Topic.account(), 1236, new EventPayload.Trade(5001, 1001, "BTC-USDT", Side.BUY, Role.TAKER,
                        d("85000.00"), d("0.001"), d("0.085"), "USDT", 1734533790000L)),
                event(Topic.account(), 1237, new EventPayload.Trade(5002, 1003, "BTC-USDT", Side.SELL, Role.MAKER,
                        d("85000.00"), d("0.001"), Decimal.parseSigned("-0.0085"), "USDT", 1734533790000L)),
                event(Topic.account(), 1238, new EventPayload.BalanceUpdate(new Balance("BTC", d("1.501000"),
                        d("0.000000")))),
                event(Topic.feed("btcusdt@trade"), 2, new EventPayload.FeedMessage(
                        "{\"stream\":\"btcusdt@trade\",\"data\":{\"p\":\"85000.01\"}}")),
                event(Topic.feed("!miniTicker@arr"), 3, new EventPayload.FeedMessage("[{\"s\":\"BTCUSDT\"},1.5]")),
                event(Topic.feed("btcusdt@trade"), 1, new EventPayload.FeedGap(FeedGapReason.PROCESS_RESTART,
                        Instant.parse("2026-12-01T00:00:59.250Z"))),
                event(Topic.feed("x"), 1, new EventPayload.FeedGap(FeedGapReason.RECONNECTED_AFTER_DISCONNECT, null)),
                event(Topic.feed("_rejected"), 4, new EventPayload.FeedRejected("not_json", 11, "hello world")));
    }

    static StreamEvent event(Topic topic, long seq, EventPayload payload) {
        return new StreamEvent(topic, "7f3a9c", seq, 1734533790000L, payload);
    }
}
