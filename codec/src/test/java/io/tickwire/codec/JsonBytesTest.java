package io.tickwire.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.tickwire.protocol.decimal.Decimal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link JsonBytes} writes what Jackson's generator writes for the same values, escapes included. */
class JsonBytesTest {
    private static final byte[] A = JsonBytes.name("a");
    private static final byte[] LIST = JsonBytes.name("list");
    private final JsonCodec codec = new JsonCodec();

    @Test
    void writesTheBytesOfJacksonsGenerator() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        JsonBytes json = new JsonBytes(codec);
        for (int round = 0; round < 5_000; round++) {
            long number = random.nextInt(4) == 0 ? random.nextLong() : random.nextLong(1_000_000);
            int scale = random.nextInt(Decimal.MAX_SCALE + 1);
            long unscaled = round == 0 ? Long.MIN_VALUE : random.nextLong();
            String text = randomString(random);
            boolean flag = random.nextBoolean();

            json.reset().startObject().field(A).number(number).field(LIST).startArray()
                    .decimal(unscaled, scale).string(text).string(null).bool(flag).nullValue()
                    .startArray().endArray().startObject().endObject().number(-1)
                    .endArray().field(A).string(text).endObject();

            ByteArrayBuilder out = new ByteArrayBuilder();
            try (JsonGenerator g = codec.factory().createGenerator(out)) {
                g.writeStartObject();
                g.writeNumberField("a", number);
                g.writeFieldName("list");
                g.writeStartArray();
                g.writeString(Decimal.format(unscaled, scale));
                g.writeString(text);
                g.writeString((String) null);
                g.writeBoolean(flag);
                g.writeNull();
                g.writeStartArray();
                g.writeEndArray();
                g.writeStartObject();
                g.writeEndObject();
                g.writeNumber(-1);
                g.writeEndArray();
                g.writeStringField("a", text);
                g.writeEndObject();
            }
            assertThat(new String(json.toByteArray(), StandardCharsets.UTF_8)).as("round %d", round)
                    .isEqualTo(new String(out.toByteArray(), StandardCharsets.UTF_8));
            assertThat(json.toByteArray()).isEqualTo(out.toByteArray());
        }
    }

    @Test
    void aPreparedValueIsWrittenAsTheStringWouldBe() {
        JsonBytes json = new JsonBytes(codec);
        json.startObject().field(A).number(1);
        byte[] plain = json.prepare("BTC-USDT");
        byte[] escaped = json.prepare("a\"b\u0001é");
        json.field(LIST).startArray().value(plain).value(escaped).endArray().endObject();
        assertThat(new String(json.toByteArray(), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":1,\"list\":[\"BTC-USDT\",\"a\\\"b\\u0001é\"]}");
    }

    @Test
    void growsBeyondItsFirstBuffer() {
        JsonBytes json = new JsonBytes(codec).startArray();
        StringBuilder expected = new StringBuilder("[");
        for (int i = 0; i < 10_000; i++) {
            json.number(i);
            expected.append(i == 0 ? "" : ",").append(i);
        }
        json.endArray();
        assertThat(new String(json.array(), 0, json.length(), StandardCharsets.US_ASCII))
                .isEqualTo(expected.append(']').toString());
    }

    @Test
    void aFieldNameMustNeedNoEscaping() {
        assertThat(new String(JsonBytes.name("order_id"), StandardCharsets.US_ASCII)).isEqualTo("\"order_id\":");
        assertThatThrownBy(() -> JsonBytes.name("a\"b")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Mostly plain, sometimes quotes, backslashes, control characters, non-ASCII and surrogate pairs. */
    private static String randomString(SplittableRandom random) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(10)) {
                case 0 -> s.append("\"\\/\u0000\u001f\n\t\r\b\f\u007f".charAt(random.nextInt(11)));
                case 1 -> s.append("é€中".charAt(random.nextInt(3)));
                case 2 -> s.appendCodePoint(0x1F600 + random.nextInt(50));
                default -> s.append((char) ('!' + random.nextInt(94)));
            }
        }
        return s.toString();
    }
}
