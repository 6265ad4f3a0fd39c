package io.tickwire.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.protocol.message.ClientMessage;
import io.tickwire.protocol.message.ErrorCode;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.protocol.message.Topic;
import io.tickwire.protocol.message.Unknown;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoundTripTest {

    private final JsonCodec codec = new JsonCodec();

    @Test
    void everyClientMessageRoundTripsToAnEqualRecordAndIdenticalBytes() {
        for (ClientMessage message : Samples.clientMessages()) {
            byte[] bytes = codec.encode(message);
            ClientMessage decoded = codec.decodeClient(bytes).orThrow();
            assertThat(decoded).as(new String(bytes)).isEqualTo(message);
            assertThat(codec.encode(decoded)).isEqualTo(bytes);
        }
    }

    @Test
    void everyServerMessageRoundTripsToAnEqualRecordAndIdenticalBytes() {
        for (ServerMessage message : Samples.serverMessages()) {
            byte[] bytes = codec.encode(message);
            ServerMessage decoded = codec.decodeServer(bytes).orThrow();
            assertThat(decoded).as(new String(bytes)).isEqualTo(message);
            assertThat(codec.encode(decoded)).isEqualTo(bytes);
        }
    }

    @Test
    void samplesCoverEveryPermittedType() {
        Set<Class<?>> client = new HashSet<>();
        Samples.clientMessages().forEach(m -> client.add(m.getClass()));
        Set<Class<?>> expectedClient = new HashSet<>(Set.of(ClientMessage.class.getPermittedSubclasses()));
        expectedClient.remove(Unknown.class);
        assertThat(client).containsExactlyInAnyOrderElementsOf(expectedClient);

        Set<Class<?>> server = new HashSet<>();
        Set<Class<?>> payloads = new HashSet<>();
        for (ServerMessage m : Samples.serverMessages()) {
            server.add(m.getClass());
            if (m instanceof StreamEvent e) {
                payloads.add(e.data().getClass());
            }
        }
        Set<Class<?>> expectedServer = new HashSet<>(Set.of(ServerMessage.class.getPermittedSubclasses()));
        expectedServer.remove(Unknown.class);
        assertThat(server).containsExactlyInAnyOrderElementsOf(expectedServer);
        Set<Class<?>> expectedPayloads = new HashSet<>(Set.of(EventPayload.class.getPermittedSubclasses()));
        expectedPayloads.remove(EventPayload.UnknownEvent.class);
        assertThat(payloads).containsExactlyInAnyOrderElementsOf(expectedPayloads);
    }

    @Test
    void theEncoderWritesTheWireExamplesOfTheProtocolByteForByte() {
        String place = "{\"type\":\"order.place\",\"id\":10,\"market\":\"BTC-USDT\",\"side\":\"buy\",\"order_type\":"
                + "\"limit\","
                + "\"tif\":\"gtc\",\"price\":\"85000.00\",\"qty\":\"0.001\",\"client_order_id\":\"my-1\"}";
        assertThat(codec.encodeToString(codec.decodeClient(place).orThrow())).isEqualTo(place);
        String subscribed = "{\"type\":\"subscribed\",\"id\":8,\"topic\":\"account\",\"epoch\":\"7f3a9c\",\"seq\":123"
                + "4,\"recovered\":true}";
        assertThat(codec.encodeToString(codec.decodeServer(subscribed).orThrow())).isEqualTo(subscribed);
        assertThat(codec.encodeToString(codec.decodeServer("{\"type\":\"pong\"}").orThrow())).isEqualTo("{\"type\":\""
                + "pong\"}");
    }

    @Test
    void enumsAreReadInAnyCaseAndWrittenInTheCaseOfTheirField() {
        ClientMessage.OrderPlace place = (ClientMessage.OrderPlace) codec.decodeClient(
                "{\"type\":\"order.place\",\"market\":\"BTC-USDT\",\"side\":\"BUY\",\"order_type\":\"Limit\","
                        + "\"tif\":\"POST_ONLY\",\"price\":\"1\",\"qty\":\"1\"}").orThrow();
        assertThat(codec.encodeToString(place)).contains("\"side\":\"buy\"", "\"order_type\":\"limit\"",
                "\"tif\":\"post_only\"");
        String update = codec.encodeToString(new StreamEvent(Topic.account(), "e", 1, 1,
                new EventPayload.OrderUpdate(Samples.OPEN_ORDER)));
        assertThat(update).contains("\"side\":\"BUY\"", "\"order_type\":\"LIMIT\"", "\"tif\":\"GTC\"",
                "\"status\":\"PARTIALLY_FILLED\"");
    }

    @Test
    void unknownTypesKeepTheirRawJsonAndRequestId() {
        String frame = "{\"type\":\"order.replace\",\"id\":21,\"x\":[1,2,{\"y\":null}]}";
        assertThat(codec.decodeClient(frame).orThrow()).isEqualTo(new Unknown("order.replace", 21L, frame));
        assertThat(codec.decodeServer(frame).orThrow()).isEqualTo(new Unknown("order.replace", 21L, frame));
        assertThat(codec.encodeToString((ClientMessage) new Unknown("order.replace", 21L, frame))).isEqualTo(frame);
    }

    @Test
    void aNewerEventTypeStillDecodesAsAStreamEventSoCursorsStayDense() {
        String frame = "{\"type\":\"order.expired\",\"topic\":\"account\",\"epoch\":\"e9\",\"seq\":77,\"ts\":5,"
                + "\"data\":{\"order_id\":1,\"why\":\"ttl\"}}";
        StreamEvent event = (StreamEvent) codec.decodeServer(frame).orThrow();
        assertThat(event.seq()).isEqualTo(77);
        assertThat(event.type()).isEqualTo("order.expired");
        assertThat(event.data()).isEqualTo(new EventPayload.UnknownEvent("order.expired",
                "{\"order_id\":1,\"why\":\"ttl\"}"));
        assertThat(codec.encodeToString(event)).isEqualTo(frame);
    }

    @Test
    void anUnknownEventKeepsItsDataExactlyAsSent() {
        String data = "{ \"x\": 1e999, \"p\": 0.10000000000000000555111512 }";
        String frame = "{\"type\":\"x.y\",\"topic\":\"trades.BTC-USDT\",\"epoch\":\"e\",\"seq\":1,\"ts\":2,\"data\":"
                + data + "}";
        StreamEvent event = (StreamEvent) codec.decodeServer(frame).orThrow();
        assertThat(((EventPayload.UnknownEvent) event.data()).dataJson()).isEqualTo(data);
    }

    @Test
    void allErrorCodesAreDistinctWireNames() {
        Set<String> names = new HashSet<>();
        EnumSet.allOf(ErrorCode.class).forEach(c -> names.add(c.wire()));
        assertThat(names).containsExactlyInAnyOrder("bad_request", "unauthorized", "forbidden", "unknown_topic",
                "rate_limited", "too_large", "internal");
    }

    @Test
    void aFrameBuiltFromStoredDataEqualsTheEncodedEvent() {
        for (ServerMessage message : Samples.serverMessages()) {
            if (message instanceof StreamEvent e) {
                byte[] framed = codec.frame(e.type(), e.topic().name(), e.epoch(), e.seq(), e.ts(),
                        codec.encodeData(e.data()));
                assertThat(new String(framed)).isEqualTo(codec.encodeToString(e));
            }
        }
    }

    @Test
    void theReusedPayloadEncoderWritesWhatEncodeDataWrites() {
        PayloadEncoder encoder = new PayloadEncoder(codec);
        for (int round = 0; round < 3; round++) {
            for (ServerMessage message : Samples.serverMessages()) {
                if (message instanceof StreamEvent e) {
                    assertThat(new String(encoder.encode(e.data()))).isEqualTo(new String(codec.encodeData(e.data())));
                }
            }
        }
    }
}
