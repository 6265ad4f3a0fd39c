package io.tickwire.server.gateway.rest;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tickwire.journal.JournalEvent;
import io.tickwire.journal.ReadResult;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.Level;
import io.tickwire.server.core.OrderEntry;
import io.tickwire.server.hub.Hub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The public market reads: {@code GET /api/v1/markets}, {@code /book/{market}} (from the hub: the
 * durable book the pushes describe) and {@code /trades/{market}} (from the journal, on the read pool).
 */
final class MarketReads {
    private final OrderEntry core;
    private final Hub hub;
    private final ReadPool reads;

    MarketReads(OrderEntry core, Hub hub, ReadPool reads) {
        this.core = core;
        this.hub = hub;
        this.reads = reads;
    }

    void markets(RestExchange ex) {
        ex.respond(HttpResponseStatus.OK, ex.json(g -> {
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

    void trades(RestExchange ex, String market, int limit) {
        String stream = "trades." + market;
        if (core.markets().market(market) == null) {
            ex.error(HttpResponseStatus.NOT_FOUND, "unknown_market", "no market " + RestExchange.clip(market));
            return;
        }
        reads.offload(ex, () -> {
            long head = hub.history().lastSeq(stream);
            ReadResult read = hub.history().read(stream, Math.max(0, head - limit), limit);
            List<JournalEvent> events = read instanceof ReadResult.Events e ? e.events() : List.of();
            ex.respond(HttpResponseStatus.OK, ex.json(g -> {
                g.writeStartArray();
                for (int i = events.size() - 1; i >= 0; i--) {
                    g.writeRawValue(new String(events.get(i).data(), StandardCharsets.UTF_8));
                }
                g.writeEndArray();
            }));
        });
    }
}
