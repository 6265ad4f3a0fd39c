package io.tickwire.server.core;

import io.tickwire.codec.JsonCodec;
import io.tickwire.engine.event.Receipt;
import io.tickwire.journal.JournalEvent;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.StreamEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * What rides with a committed batch (its {@code attachment}): the receipts of its commands, and
 * each event's payload as a record, in the same order as the batch's events, so that the hub
 * can keep its book and account mirrors without decoding the JSON again.
 */
public record CoreBatch(List<Receipt> receipts, List<EventPayload> payloads) {

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
