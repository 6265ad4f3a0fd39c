package io.tickwire.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.StreamEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link MirrorDecoder} reads back every mirrored payload as the full decoder does. */
class MirrorDecoderTest {
    private final JsonCodec codec = new JsonCodec();
    private final MirrorDecoder decoder = new MirrorDecoder(codec, List.of("BTC-USDT", "USDT"));

    @Test
    void readsBackEveryMirroredSampleAsTheFullDecoderDoes() {
        int decoded = 0;
        for (ServerMessage message : Samples.serverMessages()) {
            if (!(message instanceof StreamEvent e)) {
                continue;
            }
            EventPayload payload = e.data();
            byte[] data = codec.encodeData(payload);
            EventPayload read = decoder.decode(payload.type(), data);
            if (MirrorDecoder.decodes(payload.type())) {
                assertThat(read).as(payload.type()).isEqualTo(payload);
                decoded++;
            } else {
                assertThat(read).as(payload.type()).isNull();
            }
        }
        assertThat(decoded).as("samples of each mirrored type").isGreaterThanOrEqualTo(5);
    }

    @Test
    void sharesTheNamesItWasGiven() {
        String market = new String("BTC-USDT".toCharArray());
        byte[] data = "{\"market\":\"BTC-USDT\",\"changes\":[[\"buy\",\"1.00\",\"0\"]],\"checksum\":7}"
                .getBytes(StandardCharsets.UTF_8);
        EventPayload.BookDelta delta = (EventPayload.BookDelta) new MirrorDecoder(codec, List.of(market))
                .decode(EventPayload.BookDelta.TYPE, data);
        assertThat(delta.market()).isSameAs(market);
        assertThat(delta.changes()).hasSize(1);
        EventPayload.BookDelta other = (EventPayload.BookDelta) new MirrorDecoder(codec, List.of())
                .decode(EventPayload.BookDelta.TYPE, data);
        assertThat(other).isEqualTo(delta);
    }

    @Test
    void refusesWhatIsNotThePayload() {
        assertThatThrownBy(() -> decoder.decode(EventPayload.BalanceUpdate.TYPE,
                "[1]".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decoder.decode(EventPayload.BalanceUpdate.TYPE,
                "{\"asset\":\"USDT\",\"avail\":1,\"frozen\":\"0\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
