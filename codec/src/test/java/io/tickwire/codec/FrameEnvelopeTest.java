package io.tickwire.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The envelope written by hand is, byte for byte, the one the JSON generator writes. */
class FrameEnvelopeTest {
    private final JsonCodec codec = new JsonCodec();

    @Test
    void theDirectEnvelopeEqualsTheGeneratedOne() {
        Random random = new Random(3);
        long[] edges = {0, 1, 9, 10, 99, 100, -1, -10, Long.MAX_VALUE, Long.MIN_VALUE, 1_734_533_790_123L};
        String[] types = {"book.delta", "market.trade", "account.snapshot"};
        String[] topics = {"book.BTC-USDT", "trades.ETH-USDT", "account"};
        byte[] data = "{\"market\":\"BTC-USDT\",\"price\":\"85000.00\",\"note\":\"é ✓\"}".getBytes(
                StandardCharsets.UTF_8);
        for (int i = 0; i < 20_000; i++) {
            long seq = i < edges.length ? edges[i] : random.nextLong() >>> random.nextInt(64);
            long ts = edges[random.nextInt(edges.length)];
            String type = types[random.nextInt(types.length)];
            String topic = topics[random.nextInt(topics.length)];
            String epoch = Long.toHexString(random.nextLong());
            assertThat(codec.frame(type, topic, epoch, seq, ts, data))
                    .as("seq " + seq + " ts " + ts)
                    .isEqualTo(codec.generatedFrame(type, topic, epoch, seq, ts, data));
        }
    }

    @Test
    void stringsThatNeedEscapingGoThroughTheGenerator() {
        byte[] data = "{}".getBytes(StandardCharsets.UTF_8);
        for (String odd : new String[] {"a\"b", "a\\b", "tab\there", "é"}) {
            assertThat(codec.frame(odd, "account", "e", 1, 2, data))
                    .isEqualTo(codec.generatedFrame(odd, "account", "e", 1, 2, data));
        }
    }

    @Test
    void digitsCountsTheSign() {
        assertThat(JsonCodec.digits(0)).isEqualTo(1);
        assertThat(JsonCodec.digits(-5)).isEqualTo(2);
        assertThat(JsonCodec.digits(Long.MAX_VALUE)).isEqualTo(19);
        assertThat(JsonCodec.digits(Long.MIN_VALUE)).isEqualTo(20);
    }
}
