package io.tickwire.server.frontdoor.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tickwire.codec.JsonCodec;
import io.tickwire.journal.JournalEvent;
import io.tickwire.journal.ReadResult;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.CandleInterval;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Level;
import io.tickwire.protocol.message.Topic;
import io.tickwire.server.status.NodeStatus;
import io.tickwire.server.hub.Hub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The public market reads: {@code GET /api/v1/markets}, {@code /book/{market}} and
 * {@code /candles/{market}} (from the hub: the durable state the pushes describe) and
 * {@code /trades/{market}} (from the journal, on the read pool).
 */
final class MarketReads {
    /** Candles per call: the default and the most. */
    static final int CANDLES_DEFAULT = 500;
    static final int CANDLES_MAX = 1000;

    private final NodeStatus node;
    private final Hub hub;
    private final ReadPool reads;
    private final JsonCodec codec;

    MarketReads(NodeStatus node, Hub hub, ReadPool reads, JsonCodec codec) {
        this.node = node;
        this.hub = hub;
        this.reads = reads;
        this.codec = codec;
    }

    void markets(RestExchange ex) {
        ex.respond(HttpResponseStatus.OK, ex.json(g -> {
            g.writeStartArray();
            for (var m : node.markets().markets()) {
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

    void book(RestExchange ex, String market, int depth) {
        hub.book(market).whenCompleteAsync((view, failure) -> {
            if (failure != null) {
                ex.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "book unavailable");
            } else if (view == null) {
                ex.error(HttpResponseStatus.NOT_FOUND, "unknown_market", "no market " + RestExchange.clip(market));
            } else {
                ex.respond(HttpResponseStatus.OK, ex.json(g -> {
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
        }, ex.executor());
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

    /**
     * {@code GET /api/v1/candles/{market}?interval=1m&limit=N&end_time=T}: the newest {@code limit}
     * candles that opened at or before {@code end_time}, closed and open, newest last, from the
     * hub's mirror of the candle topic.
     */
    void candles(RestExchange ex, String market) {
        String intervalName = ex.param("interval");
        CandleInterval interval = CandleInterval.fromWire(intervalName);
        if (interval == null) {
            throw new BadRequest("interval", "interval must be one of 1m, 5m, 15m, 1h, 4h, 1d");
        }
        int limit = ex.intParam("limit", CANDLES_DEFAULT, 1, CANDLES_MAX);
        long endTime = ex.longParam("end_time", Long.MAX_VALUE, 0, Long.MAX_VALUE);
        if (node.markets().market(market) == null) {
            ex.error(HttpResponseStatus.NOT_FOUND, "unknown_market", "no market " + RestExchange.clip(market));
            return;
        }
        hub.candles(new Topic.Candles(market, interval), endTime, limit).whenCompleteAsync((candles, failure) -> {
            if (failure != null || candles == null) {
                ex.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "candles unavailable");
                return;
            }
            ex.respond(HttpResponseStatus.OK, ex.json(g -> {
                g.writeStartArray();
                for (EventPayload.Candle candle : candles) {
                    g.writeRawValue(new String(codec.encodeData(candle), StandardCharsets.UTF_8));
                }
                g.writeEndArray();
            }));
        }, ex.executor());
    }

    /**
     * A trade's {@code data} with the event's {@code ts} added as its last field (protocol 1.2),
     * as a stream event carries it on its envelope: the data is always one JSON object.
     */
    static String withTs(JournalEvent event) {
        String data = new String(event.data(), StandardCharsets.UTF_8);
        int end = data.lastIndexOf('}');
        return data.substring(0, end) + (data.substring(0, end).trim().endsWith("{") ? "" : ",") + "\"ts\":"
                + event.ts() + data.substring(end);
    }

    void trades(RestExchange ex, String market, int limit) {
        String stream = "trades." + market;
        if (node.markets().market(market) == null) {
            ex.error(HttpResponseStatus.NOT_FOUND, "unknown_market", "no market " + RestExchange.clip(market));
            return;
        }
        reads.offload(ex, "history reads", () -> {
            long head = hub.history().lastSeq(stream);
            ReadResult read = hub.history().read(stream, Math.max(0, head - limit), limit);
            List<JournalEvent> events = read instanceof ReadResult.Events e ? e.events() : List.of();
            ex.respond(HttpResponseStatus.OK, ex.json(g -> {
                g.writeStartArray();
                for (int i = events.size() - 1; i >= 0; i--) {
                    g.writeRawValue(withTs(events.get(i)));
                }
                g.writeEndArray();
            }));
        });
    }
}
