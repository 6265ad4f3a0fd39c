package io.tickwire.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.tickwire.protocol.message.Balance;
import io.tickwire.protocol.message.CancelReason;
import io.tickwire.protocol.message.CandleInterval;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.FeedGapReason;
import io.tickwire.protocol.message.GapReason;
import io.tickwire.protocol.message.InvalidationReason;
import io.tickwire.protocol.message.Level;
import io.tickwire.protocol.message.LevelChange;
import io.tickwire.protocol.message.Order;
import io.tickwire.protocol.message.OrderStatus;
import io.tickwire.protocol.message.OrderResult;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.ReceiptStatus;
import io.tickwire.protocol.message.Role;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.protocol.message.TimeInForce;
import io.tickwire.protocol.message.Topic;
import io.tickwire.protocol.message.Unknown;
import java.io.IOException;

/** Reads each server message type from its JSON object (the SDK's side of the codec). */
final class ServerDecoder {

    /** Book levels per side in one snapshot. */
    static final int MAX_LEVELS = 100_000;
    /** Balances or open orders in one account snapshot. */
    static final int MAX_ACCOUNT_ITEMS = 1_000_000;
    /** Orders in one batch receipt: a bound well above the batch limit, so a newer server's larger batches read. */
    static final int MAX_BATCH_RESULTS = 1000;
    /** Free-text fields (error and reject messages). */
    static final int MAX_MESSAGE = 4096;

    private ServerDecoder() {
    }

    static ServerMessage decode(JsonNode object, Long id, String type, JsonCodec.RawJson raw) {
        FieldReader f = FieldReader.of(object);
        return switch (type) {
            case ServerMessage.AuthOk.TYPE -> new ServerMessage.AuthOk(id, f.string("user_id", 32),
                    f.nonNegativeLong("expires_at"));
            case ServerMessage.Subscribed.TYPE -> new ServerMessage.Subscribed(id, f.topic("topic"),
                    f.string("epoch", 64), f.nonNegativeLong("seq"), f.bool("recovered"));
            case ServerMessage.Unsubscribed.TYPE -> new ServerMessage.Unsubscribed(id, f.topic("topic"));
            case ServerMessage.Pong.TYPE -> new ServerMessage.Pong(id, f.optionalNonNegativeLong("ts"));
            case ServerMessage.Ack.TYPE -> new ServerMessage.Ack(id, f.string("request_id", 64),
                    f.nonNegativeLong("ts"));
            case ServerMessage.Receipt.TYPE -> new ServerMessage.Receipt(id, f.string("request_id", 64),
                    f.enumValue("status", ReceiptStatus.values()), f.optionalNonNegativeLong("order_id"),
                    f.optionalString("client_order_id"), f.optionalString("code", 64),
                    f.optionalString("message", MAX_MESSAGE), optionalInt(f, "canceled"),
                    f.present("results") ? f.array("results", MAX_BATCH_RESULTS, e -> result(e.object())) : null);
            case ServerMessage.CancelAllAfter.TYPE -> new ServerMessage.CancelAllAfter(id,
                    f.optionalNonNegativeLong("trigger_at"));
            case ServerMessage.CancelOnDisconnect.TYPE -> new ServerMessage.CancelOnDisconnect(id, f.bool("enabled"));
            case ServerMessage.ErrorMessage.TYPE -> new ServerMessage.ErrorMessage(id, f.string("code", 64),
                    f.string("message", MAX_MESSAGE), f.optionalString("field"),
                    f.optionalNonNegativeLong("retry_after_ms"));
            case ServerMessage.Notice.TYPE -> new ServerMessage.Notice(f.string("code", 64),
                    f.string("message", MAX_MESSAGE), f.optionalNonNegativeLong("reconnect_after_ms"));
            case ServerMessage.Gap.TYPE -> new ServerMessage.Gap(f.topic("topic"), f.string("epoch", 64),
                    f.optionalNonNegativeLong("from_seq"), f.optionalNonNegativeLong("to_seq"),
                    f.enumValue("reason", GapReason.values()));
            default -> event(f, id, type, raw);
        };
    }

    private static ServerMessage event(FieldReader f, Long id, String type, JsonCodec.RawJson raw) {
        EventPayload payload;
        FieldReader data;
        switch (type) {
            case EventPayload.BookSnapshot.TYPE, EventPayload.BookDelta.TYPE, EventPayload.BookInvalidated.TYPE,
                 EventPayload.MarketTrade.TYPE, EventPayload.AccountSnapshot.TYPE, EventPayload.OrderUpdate.TYPE,
                 EventPayload.Trade.TYPE, EventPayload.BalanceUpdate.TYPE, EventPayload.Ticker.TYPE,
                 EventPayload.Candle.TYPE -> {
                data = f.object("data");
                payload = payload(type, data);
            }
            case EventPayload.FeedMessage.TYPE -> {
                try {
                    payload = new EventPayload.FeedMessage(raw.field("data"));
                } catch (IOException e) {
                    return new Unknown(type, id, raw.text());
                }
            }
            case EventPayload.FeedGap.TYPE, EventPayload.FeedRejected.TYPE -> payload = payload(type, f.object("data"));
            default -> {
                // A newer event type still has the envelope: keep it as a stream event so the
                // cursor stays dense. Anything else is an unknown message.
                if (!(f.present("topic") && f.present("epoch") && f.present("seq") && f.raw("data") != null
                        && f.raw("data").isObject())) {
                    return new Unknown(type, id, raw.text());
                }
                try {
                    Topic.parse(f.string("topic", Topic.MAX_LENGTH));
                } catch (RuntimeException e) {
                    return new Unknown(type, id, raw.text());
                }
                try {
                    payload = new EventPayload.UnknownEvent(type, raw.field("data"));
                } catch (IOException e) {
                    return new Unknown(type, id, raw.text());
                }
            }
        }
        return new StreamEvent(f.topic("topic"), f.string("epoch", 64), f.nonNegativeLong("seq"),
                f.nonNegativeLong("ts"), payload);
    }

    private static EventPayload payload(String type, FieldReader d) {
        return switch (type) {
            case EventPayload.BookSnapshot.TYPE -> new EventPayload.BookSnapshot(d.market("market"),
                    d.array("bids", MAX_LEVELS, ServerDecoder::level),
                    d.array("asks", MAX_LEVELS, ServerDecoder::level),
                    checksum(d));
            case EventPayload.BookDelta.TYPE -> new EventPayload.BookDelta(d.market("market"),
                    d.array("changes", MAX_LEVELS, ServerDecoder::levelChange), checksum(d));
            case EventPayload.BookInvalidated.TYPE -> new EventPayload.BookInvalidated(d.market("market"),
                    d.enumValue("reason", InvalidationReason.values()));
            case EventPayload.MarketTrade.TYPE -> new EventPayload.MarketTrade(d.nonNegativeLong("trade_id"),
                    d.market("market"), d.decimal("price"), d.decimal("qty"), d.enumValue("taker_side", Side.values()));
            case EventPayload.AccountSnapshot.TYPE -> new EventPayload.AccountSnapshot(
                    d.array("balances", MAX_ACCOUNT_ITEMS, e -> balance(e.object())),
                    d.array("open_orders", MAX_ACCOUNT_ITEMS, e -> order(e.object())));
            case EventPayload.OrderUpdate.TYPE -> new EventPayload.OrderUpdate(order(d));
            case EventPayload.Trade.TYPE -> new EventPayload.Trade(d.nonNegativeLong("trade_id"),
                    d.nonNegativeLong("order_id"), d.market("symbol"), d.enumValue("side", Side.values()),
                    d.enumValue("role", Role.values()), d.decimal("price"), d.decimal("qty"),
                    d.signedDecimal("fee"), d.string("fee_asset", 16), d.nonNegativeLong("traded_at"));
            case EventPayload.BalanceUpdate.TYPE -> new EventPayload.BalanceUpdate(balance(d));
            case EventPayload.FeedGap.TYPE -> new EventPayload.FeedGap(d.enumValue("reason", FeedGapReason.values()),
                    d.optionalInstant("last_message_at"));
            case EventPayload.FeedRejected.TYPE -> new EventPayload.FeedRejected(d.string("reason", 32),
                    d.nonNegativeLong("size"), d.string("sample", JsonCodec.MAX_STRING_LENGTH));
            case EventPayload.Ticker.TYPE -> new EventPayload.Ticker(d.market("market"), d.optionalDecimal("last"),
                    optionalLevel(d, "best_bid"), optionalLevel(d, "best_ask"), d.optionalDecimal("open_24h"),
                    d.optionalDecimal("high_24h"), d.optionalDecimal("low_24h"), d.decimal("volume_24h"),
                    d.decimal("quote_volume_24h"), d.nonNegativeLong("trades_24h"));
            case EventPayload.Candle.TYPE -> new EventPayload.Candle(d.market("market"),
                    d.enumValue("interval", CandleInterval.values()), d.nonNegativeLong("open_time"),
                    d.nonNegativeLong("close_time"), d.decimal("open"), d.decimal("high"), d.decimal("low"),
                    d.decimal("close"), d.decimal("volume"), d.decimal("quote_volume"), d.nonNegativeLong("trades"),
                    d.bool("closed"));
            default -> throw new IllegalStateException("not an event type: " + type);
        };
    }

    private static long checksum(FieldReader d) {
        long checksum = d.nonNegativeLong("checksum");
        if (checksum > 0xFFFF_FFFFL) {
            throw DecodeFailure.badField(d.path("checksum"), "must be an unsigned 32-bit integer");
        }
        return checksum;
    }

    private static Level level(FieldReader.Element e) {
        e.tuple(2);
        return new Level(e.decimalAt(0), e.decimalAt(1));
    }

    private static Level optionalLevel(FieldReader d, String name) {
        return d.present(name) ? level(d.element(name)) : null;
    }

    private static OrderResult result(FieldReader d) {
        return new OrderResult(d.enumValue("status", ReceiptStatus.values()), d.optionalNonNegativeLong("order_id"),
                d.optionalString("client_order_id"), d.optionalString("code", 64),
                d.optionalString("message", MAX_MESSAGE));
    }

    private static LevelChange levelChange(FieldReader.Element e) {
        e.tuple(3);
        Side side = Side.fromWire(e.stringAt(0));
        if (side == null) {
            throw DecodeFailure.badField(e.path() + "[0]", "must be \"buy\" or \"sell\"");
        }
        return new LevelChange(side, e.decimalAt(1), e.decimalAt(2));
    }

    private static Balance balance(FieldReader d) {
        return new Balance(d.string("asset", 16), d.decimal("avail"), d.decimal("frozen"));
    }

    static Order order(FieldReader d) {
        return new Order(d.nonNegativeLong("order_id"), d.optionalString("client_order_id"), d.market("symbol"),
                d.enumValue("side", Side.values()), d.enumValue("order_type", OrderType.values()),
                d.enumValue("tif", TimeInForce.values()), d.optionalDecimal("price"), d.decimal("qty"),
                d.enumValue("status", OrderStatus.values()), d.decimal("filled_qty"),
                d.optionalDecimal("avg_price"), d.nonNegativeLong("updated_at"),
                d.optionalEnum("cancel_reason", CancelReason.values()));
    }

    private static Integer optionalInt(FieldReader f, String name) {
        Long value = f.optionalNonNegativeLong(name);
        if (value != null && value > Integer.MAX_VALUE) {
            throw DecodeFailure.badField(f.path(name), "is out of range");
        }
        return value == null ? null : value.intValue();
    }
}
