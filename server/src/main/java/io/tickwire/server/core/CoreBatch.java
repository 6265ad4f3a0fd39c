package io.tickwire.server.core;

import io.tickwire.codec.JsonCodec;
import io.tickwire.codec.MirrorDecoder;
import io.tickwire.engine.event.Receipt;
import io.tickwire.journal.JournalEvent;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.StreamEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * What rides with a committed batch (its {@code attachment}): the receipts of its commands, and
 * what the hub's book, account, ticker and candle mirrors need of its events: either each event's
 * payload as a record, in the same order as the batch's events ({@code payloads}: a gateway
 * node's or a relay's, decoded from the bytes they received), or the decoder that reads them back
 * from the events' bytes when the hub asks, on the hub's thread ({@code decoder}: a core's, whose
 * sequencer writes the bytes only, so that it makes no record per event).
 *
 * @param payloads one per event, {@code null} where no mirror needs it; or {@code null} with a {@code decoder}
 * @param decoder  reads the payloads when {@code payloads} is {@code null}
 */
public record CoreBatch(List<Receipt> receipts, List<EventPayload> payloads, MirrorDecoder decoder) {

    /** Receipts and every event's payload (or {@code null} where no mirror needs it). */
    public CoreBatch(List<Receipt> receipts, List<EventPayload> payloads) {
        this(receipts, payloads, null);
    }

    /**
     * The payload of {@code event}, the batch's event number {@code index}, as the hub's mirrors
     * fold it: {@code null} for one they do not (a trade).
     */
    public EventPayload payload(int index, JournalEvent event) {
        if (payloads != null) {
            return payloads.get(index);
        }
        return decoder.decode(event.type(), event.data());
    }

    /**
     * The attachment for durable events a node has only as bytes (a gateway node's from the
     * stream, a relay's replayed from its journal). The hub's book, account, ticker and candle
     * mirrors read the payloads of their own streams' events, so only those are decoded; every
     * event is fanned out from its bytes, so a trade's payload is never needed (null, as the hub
     * allows).
     */
    public static CoreBatch decoding(List<Receipt> receipts, List<JournalEvent> events, String epoch,
                                     JsonCodec codec) {
        List<EventPayload> payloads = new ArrayList<>(events.size());
        for (JournalEvent e : events) {
            boolean account = e.stream().startsWith("account:");
            if (!account && !e.stream().startsWith("book.") && !e.stream().startsWith("ticker.")
                    && !e.stream().startsWith("candles.")) {
                payloads.add(null);
                continue;
            }
            payloads.add(payload(e, epoch, codec));
        }
        return new CoreBatch(receipts, payloads);
    }

    /**
     * The payload of a durable event, read back from its bytes as a client would read its frame.
     *
     * @throws IllegalArgumentException if the bytes are not an event of a known type
     */
    public static EventPayload payload(JournalEvent event, String epoch, JsonCodec codec) {
        String topic = event.stream().startsWith("account:") ? "account" : event.stream();
        ServerMessage decoded = codec.decodeServer(codec.frame(event.type(), topic, epoch, event.seq(), event.ts(),
                event.data())).orThrow();
        return ((StreamEvent) decoded).data();
    }
}
