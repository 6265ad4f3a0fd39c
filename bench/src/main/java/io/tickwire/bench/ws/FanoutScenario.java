package io.tickwire.bench.ws;

import io.tickwire.bench.load.LatencyRun;
import io.tickwire.engine.command.Command;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.OrderRef;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.TimeInForce;
import io.tickwire.server.TickwireServer;
import io.tickwire.server.core.CoreConfig;
import io.tickwire.server.gateway.GatewayConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * {@code fanout}: one market, N subscribers, book events at a fixed rate; messages delivered per
 * second and latency from the event's {@code ts} to its arrival. Run against Tickwire (the full
 * path: sequencer, matching, journal with fsync, hub, gateway) and against the {@link
 * CeilingServer} in the same invocation, and reported as a ratio.
 *
 * <p>Both servers run in this JVM, beside the load clients: the machine has two cores and the
 * figures are what one box does with everything on it. Latency has the resolution of {@code ts},
 * one millisecond.
 */
public final class FanoutScenario {

    /** What to run. */
    public record Params(int subscribers, int eventsPerSecond, double seconds, double warmupSeconds, int clientThreads) {
        public Params {
            if (subscribers < 1 || eventsPerSecond < 1 || seconds <= 0 || warmupSeconds < 0 || clientThreads < 1) {
                throw new IllegalArgumentException("subscribers, rate, seconds and client threads must be positive");
            }
        }
    }

    /** One target's figures. Latencies in milliseconds. */
    public record Result(String target, int subscribers, int eventsPerSecond, double seconds, double connectsPerSecond,
                         double messagesPerSecond, double mbPerSecond, long events, double p50, double p99,
                         double p999, double max) {
    }

    private FanoutScenario() {
    }

    /** Tickwire first, then the ceiling, with the same parameters. */
    public static List<Result> run(Params p) throws Exception {
        return List.of(tickwire(p), ceiling(p));
    }

    static Result tickwire(Params p) throws Exception {
        Path dir = Files.createTempDirectory("tickwire-fanout");
        try (TickwireServer server = TickwireServer.start(dir, TickwireServer.demoMarkets(),
                GatewayConfig.defaults(0).withConnectionLimits(20, Math.max(50_000, p.subscribers() + 100)),
                CoreConfig.defaults(dir));
             LoadClients clients = new LoadClients(p.clientThreads())) {
            long[] request = {1};
            server.core().submit(new Command.Deposit(request[0]++, 1, "USDT", Decimal.parse("1000000000")));
            double connects = clients.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), p.subscribers(),
                    List.of("{\"type\":\"subscribe\",\"topic\":\"book.BTC-USDT\"}"), 120);
            // Alternately rest a bid and cancel it: one book.delta per command.
            LatencyRun.Action action = due -> {
                long n = request[0]++;
                Command command = n % 2 == 0
                        ? new Command.Place(n, 1, "BTC-USDT", Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
                                Decimal.of(8_000_000 + (n / 2) % 200, 2), Decimal.parse("0.001"), "f" + n)
                        : new Command.Cancel(n, 1, OrderRef.byClientId("f" + (n - 1)));
                server.core().submit(command); // a full queue drops the command: it shows as fewer events
            };
            return measure("tickwire", p, connects, clients, action);
        } finally {
            LatencyRun.deleteTree(dir);
        }
    }

    static Result ceiling(Params p) throws Exception {
        try (CeilingServer server = new CeilingServer(0);
             LoadClients clients = new LoadClients(p.clientThreads())) {
            double connects = clients.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), p.subscribers(),
                    List.of(), 120);
            long[] seq = {0};
            // A frame shaped and sized like Tickwire's book.delta, encoded once per event.
            LatencyRun.Action action = due -> {
                long s = ++seq[0];
                String frame = "{\"type\":\"book.delta\",\"topic\":\"book.BTC-USDT\",\"epoch\":\"c0ffee00c0ffee00\",\"seq\":"
                        + s + ",\"ts\":" + System.currentTimeMillis() + ",\"data\":{\"market\":\"BTC-USDT\","
                        + "\"changes\":[[\"buy\",\"80000." + (s % 90 + 10) + "\",\"0.001\"]],\"checksum\":3082391823}}";
                server.broadcast(List.of(frame.getBytes(StandardCharsets.UTF_8)));
            };
            return measure("ceiling", p, connects, clients, action);
        }
    }

    private static Result measure(String target, Params p, double connects, LoadClients clients,
                                  LatencyRun.Action action) throws Exception {
        LatencyRun.drive(p.eventsPerSecond(), p.warmupSeconds(), action);
        clients.resetWindow();
        long start = System.nanoTime();
        long events = LatencyRun.drive(p.eventsPerSecond(), p.seconds(), action);
        long driven = System.nanoTime() - start;
        Thread.sleep(500); // what was sent in the window arrives; the rate counts the window only
        double seconds = driven / 1e9;
        long messages = clients.messages.sum();
        Histogram h = clients.latency.getIntervalHistogram();
        return new Result(target, p.subscribers(), p.eventsPerSecond(), seconds, connects, messages / seconds,
                clients.bytes.sum() / seconds / 1e6, events, ms(h.getValueAtPercentile(50)),
                ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    /** The table, in Markdown. */
    public static String markdown(List<Result> results) {
        StringBuilder out = new StringBuilder();
        out.append("| target | subscribers | events/s | messages/s delivered | MB/s | p50 ms | p99 ms | p99.9 ms | max ms | connects/s |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            out.append(String.format("| %s | %,d | %,d | %,.0f | %.1f | %.0f | %.0f | %.0f | %.0f | %,.0f |%n", r.target(),
                    r.subscribers(), r.eventsPerSecond(), r.messagesPerSecond(), r.mbPerSecond(), r.p50(), r.p99(),
                    r.p999(), r.max(), r.connectsPerSecond()));
        }
        if (results.size() == 2 && results.get(1).messagesPerSecond() > 0) {
            out.append(String.format("%nTickwire / ceiling, messages delivered: %.2f%n",
                    results.get(0).messagesPerSecond() / results.get(1).messagesPerSecond()));
        }
        return out.toString();
    }

    /** The results as JSON (no library needed for flat records of numbers). */
    public static String json(List<Result> results) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            out.append(i == 0 ? "\n" : ",\n").append(String.format(java.util.Locale.ROOT,
                    "  {\"scenario\":\"fanout\",\"target\":\"%s\",\"subscribers\":%d,\"events_per_second\":%d,"
                            + "\"seconds\":%.3f,\"connects_per_second\":%.1f,\"messages_per_second\":%.1f,"
                            + "\"mb_per_second\":%.3f,\"events\":%d,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,"
                            + "\"max_ms\":%.3f}", r.target(), r.subscribers(), r.eventsPerSecond(), r.seconds(),
                    r.connectsPerSecond(), r.messagesPerSecond(), r.mbPerSecond(), r.events(), r.p50(), r.p99(),
                    r.p999(), r.max()));
        }
        return out.append("\n]\n").toString();
    }

    /** Writes {@code fanout-<time>.json} and {@code .md} into {@code dir}; returns the Markdown file. */
    public static Path write(List<Result> results, Path dir) throws java.io.IOException {
        Files.createDirectories(dir);
        String stamp = java.time.LocalDateTime.now().withNano(0).toString().replace(':', '-');
        Files.writeString(dir.resolve("fanout-" + stamp + ".json"), json(results));
        Path md = dir.resolve("fanout-" + stamp + ".md");
        Files.writeString(md, "# fanout " + stamp + "\n\n" + markdown(results));
        return md;
    }

    /** {@code java -cp benchmarks.jar io.tickwire.bench.ws.FanoutScenario SUBSCRIBERS RATE SECONDS [OUT_DIR]}. */
    public static void main(String[] args) throws Exception {
        Params p = new Params(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Double.parseDouble(args[2]), 2, 2);
        List<Result> results = run(p);
        System.out.print(markdown(results));
        System.out.println("written: " + write(results, Path.of(args.length > 3 ? args[3] : "bench/results")));
        System.exit(0);
    }
}
