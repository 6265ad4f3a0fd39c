package io.tickwire.bench.jmh;

import io.tickwire.codec.Decoded;
import io.tickwire.codec.JsonCodec;
import io.tickwire.codec.MirrorDecoder;
import io.tickwire.codec.PayloadEncoder;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.Balance;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Level;
import io.tickwire.protocol.message.LevelChange;
import io.tickwire.protocol.message.Order;
import io.tickwire.protocol.message.OrderStatus;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.Role;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.protocol.message.TimeInForce;
import io.tickwire.protocol.message.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The wire codec, per event type, in nanoseconds per event:
 * <ul>
 *   <li>{@code encode}: a whole event message from its records (what the server does for
 *       snapshots and per-session messages);</li>
 *   <li>{@code payload}: the event's {@code data} alone, as the sequencer encodes each event once;</li>
 *   <li>{@code frame}: the envelope around already-encoded {@code data}, as the hub does once per
 *       event for all subscribers;</li>
 *   <li>{@code decode}: a frame back to records, as the SDK does for every frame it receives;</li>
 *   <li>{@code mirror}: the {@code data} alone back to its record, as a core's hub does for each
 *       event its mirrors fold ({@link MirrorDecoder}; {@code null} for the types they do not).</li>
 * </ul>
 * A book snapshot has 20 levels a side.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar CodecBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {

    @Param({"book.delta", "book.snapshot", "market.trade", "order.update", "trade", "balance.update"})
    public String type;

    private final JsonCodec codec = new JsonCodec();
    private final PayloadEncoder payloads = new PayloadEncoder(codec);
    private final MirrorDecoder mirrors = new MirrorDecoder(codec, List.of("BTC-USDT", "USDT"));
    private StreamEvent event;
    private byte[] data;
    private byte[] frame;

    @Setup
    public void setUp() {
        EventPayload payload = payload(type);
        Topic topic = payload instanceof EventPayload.BookDelta || payload instanceof EventPayload.BookSnapshot
                ? Topic.parse("book.BTC-USDT")
                : payload instanceof EventPayload.MarketTrade ? Topic.parse("trades.BTC-USDT") : Topic.account();
        event = new StreamEvent(topic, "7f3a9c21d0e4b5a6", 123_456_789L, 1_734_533_790_123L, payload);
        data = payloads.encode(payload);
        frame = codec.encode(event);
        if (!(codec.decodeServer(frame) instanceof Decoded.Ok<?>)) {
            throw new IllegalStateException("the frame does not decode: " + new String(frame));
        }
    }

    static EventPayload payload(String type) {
        Decimal price = Decimal.parse("85012.50");
        Decimal qty = Decimal.parse("0.012345");
        return switch (type) {
            case "book.delta" -> new EventPayload.BookDelta("BTC-USDT", List.of(
                    new LevelChange(Side.BUY, price, qty), new LevelChange(Side.SELL, Decimal.parse("85013.00"),
                            Decimal.parse("0"))), 3_082_391_823L);
            case "book.snapshot" -> {
                List<Level> bids = new ArrayList<>();
                List<Level> asks = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    bids.add(new Level(Decimal.of(8_501_250 - i * 50L, 2), qty));
                    asks.add(new Level(Decimal.of(8_501_300 + i * 50L, 2), qty));
                }
                yield new EventPayload.BookSnapshot("BTC-USDT", bids, asks, 3_082_391_823L);
            }
            case "market.trade" -> new EventPayload.MarketTrade(5_001, "BTC-USDT", price, qty, Side.BUY);
            case "order.update" -> new EventPayload.OrderUpdate(new Order(1_001, "my-1", "BTC-USDT", Side.BUY,
                    OrderType.LIMIT, TimeInForce.GTC, price, Decimal.parse("0.002"), OrderStatus.PARTIALLY_FILLED,
                    Decimal.parse("0.001"), price, 1_734_533_790_123L));
            case "trade" -> new EventPayload.Trade(5_001, 1_001, "BTC-USDT", Side.BUY, Role.TAKER, price, qty,
                    Decimal.parse("0.085"), "USDT", 1_734_533_790_123L);
            case "balance.update" -> new EventPayload.BalanceUpdate(new Balance("USDT", Decimal.parse("12345.67"),
                    Decimal.parse("850.125")));
            default -> throw new IllegalArgumentException(type);
        };
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(event);
    }

    @Benchmark
    public byte[] payload() {
        return payloads.encode(event.data());
    }

    @Benchmark
    public byte[] frame() {
        return codec.frame(type, event.topic().name(), event.epoch(), event.seq(), event.ts(), data);
    }

    @Benchmark
    public Object decode() {
        return codec.decodeServer(frame);
    }

    @Benchmark
    public Object mirror() {
        return mirrors.decode(type, data);
    }
}
