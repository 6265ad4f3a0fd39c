package io.tickwire.bench.ws;

import io.tickwire.bench.ws.ServerProcess.Target;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@code fanout}: one market, N subscribers to its book, book events at a fixed rate; messages
 * delivered per second and latency from the event's {@code ts} (its durable time, 1 ms
 * resolution) to its arrival. Run against Tickwire (sequencer, matching, journal with fsync, hub,
 * gateway) and then against the {@link CeilingServer} in the same invocation, each in its own
 * process, and reported as a ratio.
 */
public final class FanoutScenario {

    /** What to run. */
    public record Params(int subscribers, int eventsPerSecond, double seconds, double warmupSeconds,
                         int clientThreads, List<String> serverJvm) {
        public Params {
            if (subscribers < 1 || eventsPerSecond < 1 || seconds <= 0 || warmupSeconds < 0 || clientThreads < 1) {
                throw new IllegalArgumentException("subscribers, rate, seconds and client threads must be positive");
            }
            serverJvm = List.copyOf(serverJvm);
        }
    }

    private FanoutScenario() {
    }

    /** Tickwire first, then the ceiling, with the same parameters. */
    public static Report run(Params p) throws Exception {
        Report report = new Report("fanout");
        for (Target target : Target.values()) {
            report.row(measure(target, p));
        }
        double ratio = report.value("tickwire", "messages/s") / report.value("ceiling", "messages/s");
        double offered = (double) p.subscribers() * p.eventsPerSecond();
        report.note(String.format(java.util.Locale.ROOT, "Offered: %,.0f messages/s. Tickwire / ceiling, messages "
                + "delivered: %.2f (goal: at least 0.70).", offered, ratio));
        report.note(String.format(java.util.Locale.ROOT, "Tickwire p99: %.1f ms, ceiling p99: %.1f ms (resolution 1 ms)%s.",
                report.value("tickwire", "p99 ms"), report.value("ceiling", "p99 ms"),
                offered == 100_000 ? "; goal at 100,000 messages/s: under 5 ms" : ""));
        return report;
    }

    private static Map<String, Object> measure(Target target, Params p) throws Exception {
        try (ServerProcess server = ServerProcess.start(target, p.subscribers() + 100, p.serverJvm());
             LoadClients clients = new LoadClients(p.clientThreads())) {
            URI uri = server.uri();
            double connects = clients.connect(uri, p.subscribers(),
                    i -> List.of("{\"type\":\"subscribe\",\"id\":1,\"topic\":\"" + BenchServer.BOOK_STREAM + "\"}"),
                    target == Target.TICKWIRE ? "\"type\":\"subscribed\"" : null, 120);
            Duration timeout = Duration.ofSeconds((long) (p.seconds() + p.warmupSeconds()) + 60);
            if (p.warmupSeconds() > 0) {
                server.call("drive " + p.eventsPerSecond() + " " + p.warmupSeconds(), timeout);
            }
            clients.resetWindow();
            ProcStats before = server.stats();
            long clientCpu = LoadClients.ownCpuNanos();
            String[] done = whileReporting(clients, target, p.seconds(),
                    () -> server.call("drive " + p.eventsPerSecond() + " " + p.seconds(), timeout)).split(" ");
            clients.endWindow();
            ProcStats after = server.stats();
            clientCpu = LoadClients.ownCpuNanos() - clientCpu;
            long events = Long.parseLong(done[1]);
            long nanos = Long.parseLong(done[2]);
            double seconds = nanos / 1e9;
            // The window's events still in flight record their latency for half a second more
            // (a backlog beyond that shows in the delivery rate, not in the percentiles).
            Thread.sleep(500);
            long messages = clients.messages.sum();
            Histogram h = clients.latency.getIntervalHistogram();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("target", target.label());
            row.put("subscribers", p.subscribers());
            row.put("events/s", events / seconds);
            row.put("messages/s", messages / seconds);
            row.put("MB/s", clients.bytes.sum() / seconds / 1e6);
            row.put("p50 ms", h.getValueAtPercentile(50) / 1000.0);
            row.put("p99 ms", h.getValueAtPercentile(99) / 1000.0);
            row.put("p99.9 ms", h.getValueAtPercentile(99.9) / 1000.0);
            row.put("max ms", h.getMaxValue() / 1000.0);
            row.put("server CPU (cores)", after.cpuShareSince(before, nanos));
            // Live heap after a collection plus direct buffers: what the server uses. Its RSS would show the
            // pre-touched heap (-Xms2g -XX:+AlwaysPreTouch), whatever it holds.
            long[] memory = server.memory();
            row.put("server heap+direct MB", (memory[0] + memory[1]) / 1e6);
            row.put("client CPU (cores)", clientCpu / (double) nanos);
            row.put("connects/s", connects);
            return row;
        }
    }

    /** What a blocking call returns, with a line on standard error each second about the messages so far. */
    private static String whileReporting(LoadClients clients, Target target, double seconds,
                                         java.util.concurrent.Callable<String> call) throws Exception {
        long start = System.nanoTime();
        java.util.concurrent.ScheduledExecutorService ticker = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "bench-progress");
                    t.setDaemon(true);
                    return t;
                });
        if (seconds >= 2) {
            ticker.scheduleAtFixedRate(() -> System.err.printf("  ... %s %.0f of %.0f s, %,d messages received%n",
                    target.label(), (System.nanoTime() - start) / 1e9, seconds, clients.messages.sum()),
                    1, 1, java.util.concurrent.TimeUnit.SECONDS);
        }
        try {
            return call.call();
        } finally {
            ticker.shutdownNow();
        }
    }
}
