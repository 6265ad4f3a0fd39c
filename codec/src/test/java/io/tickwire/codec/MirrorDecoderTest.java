package io.tickwire.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.Balance;
import io.tickwire.protocol.message.CancelReason;
import io.tickwire.protocol.message.CandleInterval;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Level;
import io.tickwire.protocol.message.LevelChange;
import io.tickwire.protocol.message.Order;
import io.tickwire.protocol.message.OrderStatus;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.protocol.message.TimeInForce;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link MirrorDecoder} reads back every mirrored payload as it was written, its scanner or its parser. */
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
    void readsRandomPayloadsAsTheyWereWrittenMostlyWithItsScanner() {
        SplittableRandom random = new SplittableRandom(11);
        int scanned = 0;
        for (int i = 0; i < 20_000; i++) {
            EventPayload payload = randomPayload(random);
            byte[] data = codec.encodeData(payload);
            assertThat(decoder.decode(payload.type(), data)).as(new String(data, StandardCharsets.UTF_8))
                    .isEqualTo(payload);
            try {
                assertThat(decoder.scan(payload.type(), data)).isEqualTo(payload);
                scanned++;
            } catch (RuntimeException notPlain) {
                assertThat(new String(data, StandardCharsets.UTF_8)).as("only escapes go to the parser")
                        .contains("\\");
            }
        }
        assertThat(scanned).isGreaterThan(18_000);
    }

    @Test
    void whatItsScannerDoesNotTakeGoesToTheParser() {
        String spaced = "{ \"asset\" : \"USDT\", \"frozen\":\"0.50\",\"avail\":\"1\" }";
        String lower = "{\"order_id\":7,\"client_order_id\":null,\"symbol\":\"BTC-USDT\",\"side\":\"buy\","
                + "\"order_type\":\"Limit\",\"tif\":\"gtc\",\"price\":\"1.00\",\"qty\":\"2\",\"status\":\"new\","
                + "\"filled_qty\":\"0\",\"avg_price\":null,\"updated_at\":5,\"extra\":[1,{\"a\":2}]}";
        assertThat(decoder.decode(EventPayload.BalanceUpdate.TYPE, spaced.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new EventPayload.BalanceUpdate(new Balance("USDT", Decimal.parse("1"),
                        Decimal.parse("0.50"))));
        assertThat(decoder.decode(EventPayload.OrderUpdate.TYPE, lower.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new EventPayload.OrderUpdate(new Order(7, null, "BTC-USDT", Side.BUY, OrderType.LIMIT,
                        TimeInForce.GTC, Decimal.parse("1.00"), Decimal.parse("2"), OrderStatus.NEW,
                        Decimal.parse("0"), null, 5)));
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

    private static EventPayload randomPayload(SplittableRandom r) {
        String market = r.nextBoolean() ? "BTC-USDT" : "ETH-" + r.nextInt(3);
        return switch (r.nextInt(5)) {
            case 0 -> {
                OrderType type = r.nextInt(4) == 0 ? OrderType.MARKET : OrderType.LIMIT;
                OrderStatus status = OrderStatus.values()[r.nextInt(OrderStatus.values().length)];
                boolean filled = r.nextBoolean();
                yield new EventPayload.OrderUpdate(new Order(r.nextLong(1, Long.MAX_VALUE), clientId(r), market,
                        r.nextBoolean() ? Side.BUY : Side.SELL, type,
                        TimeInForce.values()[r.nextInt(TimeInForce.values().length)],
                        type == OrderType.MARKET ? null : decimal(r), decimal(r), status,
                        filled ? decimal(r) : Decimal.of(0, r.nextInt(9)), filled ? decimal(r) : null,
                        r.nextLong(Long.MAX_VALUE), status == OrderStatus.CANCELED
                        ? CancelReason.values()[r.nextInt(CancelReason.values().length)] : null));
            }
            case 1 -> new EventPayload.BalanceUpdate(new Balance(r.nextBoolean() ? "USDT" : "BTC", decimal(r),
                    decimal(r)));
            case 2 -> {
                List<LevelChange> changes = new ArrayList<>();
                for (int i = r.nextInt(5); i > 0; i--) {
                    changes.add(new LevelChange(r.nextBoolean() ? Side.BUY : Side.SELL, decimal(r), decimal(r)));
                }
                yield new EventPayload.BookDelta(market, changes, r.nextLong(1L << 32));
            }
            case 3 -> new EventPayload.Ticker(market, r.nextBoolean() ? decimal(r) : null,
                    r.nextBoolean() ? new Level(decimal(r), decimal(r)) : null,
                    r.nextBoolean() ? new Level(decimal(r), decimal(r)) : null, r.nextBoolean() ? decimal(r) : null,
                    r.nextBoolean() ? decimal(r) : null, r.nextBoolean() ? decimal(r) : null, decimal(r), decimal(r),
                    r.nextLong(1_000_000));
            default -> new EventPayload.Candle(market,
                    CandleInterval.values()[r.nextInt(CandleInterval.values().length)],
                    r.nextLong(Long.MAX_VALUE / 2), r.nextLong(Long.MAX_VALUE / 2), decimal(r), decimal(r),
                    decimal(r), decimal(r), decimal(r), decimal(r), r.nextLong(1_000_000), r.nextBoolean());
        };
    }

    private static Decimal decimal(SplittableRandom r) {
        long unscaled = switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> r.nextLong(1_000);
            case 2 -> r.nextLong(Long.MAX_VALUE);
            default -> r.nextLong(1_000_000_000_000L);
        };
        return Decimal.of(unscaled, r.nextInt(Decimal.MAX_SCALE + 1));
    }

    private static String clientId(SplittableRandom r) {
        return switch (r.nextInt(10)) {
            case 0 -> "esc\"aped\\" + r.nextInt(9);
            case 1, 2, 3 -> null;
            case 4 -> "é-" + r.nextInt(99);
            default -> "c-" + r.nextLong(1_000_000);
        };
    }
}
