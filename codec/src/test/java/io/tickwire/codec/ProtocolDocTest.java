package io.tickwire.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tickwire.protocol.book.BookChecksum;
import io.tickwire.protocol.message.ClientMessage;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.protocol.message.Unknown;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Decodes and re-encodes every JSON example of {@code docs/protocol.md}, so the document cannot
 * drift from the code: an example the codec cannot read, or writes differently, fails here.
 */
class ProtocolDocTest {

    static final Set<String> CLIENT_TYPES = Set.of(ClientMessage.Auth.TYPE, ClientMessage.Subscribe.TYPE,
            ClientMessage.Unsubscribe.TYPE, ClientMessage.Ping.TYPE, ClientMessage.OrderPlace.TYPE,
            ClientMessage.OrderCancel.TYPE, ClientMessage.OrderAmend.TYPE, ClientMessage.OrderCancelAll.TYPE,
            ClientMessage.OrderBatch.TYPE, ClientMessage.OrderCancelAllAfter.TYPE,
            ClientMessage.SessionCancelOnDisconnect.TYPE);
    static final Set<String> SERVER_TYPES = Set.of(ServerMessage.AuthOk.TYPE, ServerMessage.Subscribed.TYPE,
            ServerMessage.Unsubscribed.TYPE, ServerMessage.Pong.TYPE, ServerMessage.Ack.TYPE,
            ServerMessage.Receipt.TYPE, ServerMessage.ErrorMessage.TYPE, ServerMessage.Gap.TYPE,
            ServerMessage.Notice.TYPE, ServerMessage.CancelAllAfter.TYPE, ServerMessage.CancelOnDisconnect.TYPE,
            EventPayload.BookSnapshot.TYPE, EventPayload.BookDelta.TYPE, EventPayload.BookInvalidated.TYPE,
            EventPayload.MarketTrade.TYPE, EventPayload.AccountSnapshot.TYPE, EventPayload.OrderUpdate.TYPE,
            EventPayload.Trade.TYPE, EventPayload.BalanceUpdate.TYPE, EventPayload.FeedMessage.TYPE,
            EventPayload.FeedGap.TYPE, EventPayload.FeedRejected.TYPE, EventPayload.Ticker.TYPE,
            EventPayload.Candle.TYPE);

    private final JsonCodec codec = new JsonCodec();
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void everyExampleDecodesToAKnownMessageAndReEncodesToTheSameJson() throws Exception {
        List<ProtocolDoc.Example> examples = ProtocolDoc.jsonExamples();
        assertThat(examples).hasSizeGreaterThan(40);
        Set<String> seen = new HashSet<>();
        for (ProtocolDoc.Example example : examples) {
            String where = "docs/protocol.md line " + example.line() + ": " + example.json();
            JsonNode original = mapper.readTree(example.json());
            String type = original.path("type").asText();
            seen.add(type);
            byte[] reEncoded;
            if (CLIENT_TYPES.contains(type)) {
                ClientMessage message = codec.decodeClient(example.json()).orThrow();
                assertThat(message).as(where).isNotInstanceOf(Unknown.class);
                reEncoded = codec.encode(message);
            } else {
                assertThat(SERVER_TYPES).as(where).contains(type);
                ServerMessage message = codec.decodeServer(example.json()).orThrow();
                assertThat(message).as(where).isNotInstanceOf(Unknown.class);
                if (message instanceof StreamEvent event) {
                    assertThat(event.data()).as(where).isNotInstanceOf(EventPayload.UnknownEvent.class);
                }
                reEncoded = codec.encode(message);
            }
            JsonNode again = mapper.readTree(new String(reEncoded, StandardCharsets.UTF_8));
            assertThat(withoutNulls(again)).as(where).isEqualTo(withoutNulls(original));
        }
        Set<String> all = new HashSet<>(CLIENT_TYPES);
        all.addAll(SERVER_TYPES);
        assertThat(seen).as("every message type has an example").containsAll(all);
    }

    @Test
    void everySnapshotExampleCarriesTheChecksumOfItsOwnLevels() {
        int checked = 0;
        for (ProtocolDoc.Example example : ProtocolDoc.jsonExamples()) {
            if (!example.json().contains("\"book.snapshot\"")) {
                continue;
            }
            StreamEvent event = (StreamEvent) codec.decodeServer(example.json()).orThrow();
            EventPayload.BookSnapshot snapshot = (EventPayload.BookSnapshot) event.data();
            assertThat(BookChecksum.of(snapshot.bids(), snapshot.asks()))
                    .as("line " + example.line()).isEqualTo(snapshot.checksum());
            checked++;
        }
        assertThat(checked).isPositive();
    }

    /** An absent field and a null field mean the same; compare without the nulls. */
    static JsonNode withoutNulls(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!field.getValue().isNull()) {
                    copy.set(field.getKey(), withoutNulls(field.getValue()));
                }
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            node.forEach(element -> copy.add(withoutNulls(element)));
            return copy;
        }
        return node;
    }
}
