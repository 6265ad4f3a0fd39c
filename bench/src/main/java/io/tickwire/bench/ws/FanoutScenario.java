package io.tickwire.bench.ws;

import io.tickwire.bench.ws.ServerProcess.Target;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * {@code fanout}: one market, N subscribers to its book, book events at a fixed rate; messages
 * delivered per second and latency, at microsecond resolution, from the moment the server made
 * the event ({@link StampBoard}: Tickwire, as the command that makes it is submitted, so that the
 * sequencer, matching and the journal's {@code fsync} are in it; the ceiling, as it broadcasts)
 * to its arrival. Run against Tickwire and then against the {@link CeilingServer} in the same
 * invocation, each in its own process, and reported as a ratio.
 *
 * <p>The warm-up runs at the same rate; the window starts once every warm-up message has
 * arrived (or after as many seconds again), so that a backlog built while the JIT compiles does
 * not sit in front of the window's events.
 */
public final class FanoutScenario {

    /** What to run. */
    public record FanoutLoad(int subscribers, int eventsPerSecond, double seconds, double warmupSeconds,
                         int clientThreads, List<String> serverJvm) {
        public FanoutLoad {
            if (subscribers < 1 || eventsPerSecond < 1 || seconds <= 0 || warmupSeconds < 0 || clientThreads < 1) {
                throw new IllegalArgumentException("subscribers, rate, seconds and client threads must be positive");
            }
            serverJvm = List.copyOf(serverJvm);
        }
    }

    private FanoutScenario() {
    }

    /** Tickwire first, then the ceiling, with the same parameters. */
    public static Report run(FanoutLoad p) throws Exception {
        Report report = new Report("fanout");
        for (Target target : Target.values()) {
            report.row(measure(target, p));
        }
        double ratio = report.value("tickwire", "messages/s") / report.value("ceiling", "messages/s");
        double offered = (double) p.subscribers() * p.eventsPerSecond();
        report.note(String.format(Locale.ROOT, "Offered: %,.0f messages/s. Tickwire / ceiling, messages "
                + "delivered: %.2f (goal: at least 0.90).", offered, ratio));
        double tickwireP99 = report.value("tickwire", "p99 µs");
        double ceilingP99 = report.value("ceiling", "p99 µs");
        report.note(String.format(Locale.ROOT, "Tickwire p99: %,.0f µs, ceiling p99: %,.0f µs (ratio %.2f, "
                + "difference %,.0f µs). Latency: from the event made (Tickwire: its command submitted, so "
                + "sequencer, matching and fsync included; ceiling: broadcast) to its arrival.",
                tickwireP99, ceilingP99, tickwireP99 / Math.max(1, ceilingP99), tickwireP99 - ceilingP99));
        return report;
    }

    private static Map<String, Object> measure(Target target, FanoutLoad p) throws Exception {
        try (ServerProcess server = ServerProcess.start(target, p.subscribers() + 100, p.serverJvm());
             LoadClients clients = new LoadClients(p.clientThreads(), null, server.stamps())) {
            URI uri = server.uri();
            double connects = clients.connect(uri, p.subscribers(),
                    i -> List.of("{\"type\":\"subscribe\",\"id\":1,\"topic\":\"" + BenchServer.BOOK_STREAM + "\"}"),
                    target == Target.TICKWIRE ? "\"type\":\"subscribed\"" : null, 120);
            Duration timeout = Duration.ofSeconds((long) (p.seconds() + p.warmupSeconds()) + 60);
            if (p.warmupSeconds() > 0) {
                clients.resetWindow();
                long warmupEvents = Long.parseLong(server.call("drive " + p.eventsPerSecond() + " "
                        + p.warmupSeconds(), timeout).split(" ")[1]);
                awaitMessages(clients, warmupEvents * p.subscribers(), p.warmupSeconds());
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
            row.put("p50 µs", h.getValueAtPercentile(50));
            row.put("p99 µs", h.getValueAtPercentile(99));
            row.put("p99.9 µs", h.getValueAtPercentile(99.9));
            row.put("max µs", h.getMaxValue());
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

    /**
     * Waits until {@code expected} messages have arrived since the window was reset, or until
     * {@code seconds} pass without reaching it (the backlog then carries into the window, where
     * it shows in the latency).
     */
    private static void awaitMessages(LoadClients clients, long expected, double seconds) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (Math.max(1, seconds) * 1e9);
        while (clients.messages.sum() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** What a blocking call returns, with a line on standard error each second about the messages so far. */
    private static String whileReporting(LoadClients clients, Target target, double seconds,
                                         Callable<String> call) throws Exception {
        long start = System.nanoTime();
        ScheduledExecutorService ticker = Executors
                .newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "bench-progress");
                    t.setDaemon(true);
                    return t;
                });
        if (seconds >= 2) {
            ticker.scheduleAtFixedRate(() -> System.err.printf("  ... %s %.0f of %.0f s, %,d messages received%n",
                    target.label(), (System.nanoTime() - start) / 1e9, seconds, clients.messages.sum()),
                    1, 1, TimeUnit.SECONDS);
        }
        try {
            return call.call();
        } finally {
            ticker.shutdownNow();
        }
    }
}
