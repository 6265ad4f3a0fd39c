package io.tickwire.bench.load;

import io.tickwire.engine.command.Command;
import io.tickwire.engine.event.Receipt;
import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.TimeInForce;
import io.tickwire.server.core.CoreConfig;
import io.tickwire.server.core.TradingCore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sequencer plus journal: from {@code submit} of a command to its receipt released as durable
 * (fsync), at fixed command rates and at saturation. Commands: limit orders around a mid price,
 * about half of them crossing, for 100 funded users.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.tickwire.bench.load.CoreLatency [seconds] [rates...]}
 * (default 10 s at 10k, 100k and 0 = saturation).
 */
public final class CoreLatency {

    private CoreLatency() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        long[] rates = args.length > 1 ? Arrays.stream(args).skip(1).mapToLong(Long::parseLong).toArray()
                : new long[] {10_000, 100_000, 0};
        for (long rate : rates) {
            Result r = run(rate, seconds);
            System.out.printf("core fsync, %s commands/s: %,.0f done/s, submit -> durable receipt: %s%n",
                    rate == 0 ? "saturating" : String.format("%,d", rate), r.throughput, r.latency);
        }
    }

    /** One run's figures. */
    public record Result(double throughput, String latency) {
    }

    public static Result run(long ratePerSecond, double seconds) throws Exception {
        Path dir = Files.createTempDirectory("tickwire-core-latency");
        MarketRegistry markets = MarketRegistry.builder().asset("BTC", 8).asset("USDT", 6)
                .market("BTC", "USDT", 2, 3, "0.001", 1000, 2000).build();
        ConcurrentHashMap<Long, Long> due = new ConcurrentHashMap<>();
        long[] done = new long[1];
        try (TradingCore core = TradingCore.open(CoreConfig.defaults(dir), markets, batch -> {
            List<Receipt> receipts = batch.attachment().receipts();
            for (Receipt receipt : receipts) {
                Long at = due.remove(receipt.requestId());
                if (at != null) {
                    LatencyRun.record(at);
                    done[0]++;
                }
            }
        })) {
            long[] request = {0};
            for (long user = 1; user <= 100; user++) {
                core.submit(new Command.Deposit(++request[0], user, "BTC", Decimal.parse("1000000")));
                core.submit(new Command.Deposit(++request[0], user, "USDT", Decimal.parse("1000000000")));
            }
            SplittableRandom random = new SplittableRandom(1);
            LatencyRun.Action action = at -> {
                long id = ++request[0];
                Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
                long offset = random.nextInt(-20, 40);
                long price = side == Side.BUY ? 1_000_000 - offset : 1_000_000 + offset;
                Command command = new Command.Place(id, 1 + random.nextLong(100), "BTC-USDT", side, OrderType.LIMIT,
                        random.nextInt(4) == 0 ? TimeInForce.IOC : TimeInForce.GTC, Decimal.of(price, 2),
                        Decimal.of(1 + random.nextInt(1000), 3), null);
                due.put(id, at);
                while (!core.submit(command)) {
                    Thread.onSpinWait();
                }
            };
            LatencyRun.drive(ratePerSecond, Math.min(3, seconds / 2), action);
            Thread.sleep(300);
            LatencyRun.reset();
            long before = done[0];
            long start = System.nanoTime();
            LatencyRun.drive(ratePerSecond, seconds, action);
            Thread.sleep(300);
            double throughput = (done[0] - before) / ((System.nanoTime() - start) / 1e9);
            return new Result(throughput, LatencyRun.summary());
        } finally {
            LatencyRun.deleteTree(dir);
        }
    }
}
