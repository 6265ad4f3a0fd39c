package io.tickwire.bench.ws;

import io.tickwire.agent.ErrorHandler;
import io.tickwire.agent.AgentThreads;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.tickwire.bench.ws.ServerProcess.Target;
import io.tickwire.nats.NatsConnections;
import io.tickwire.server.config.JetStreamConfig;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
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

    /**
     * What to run. With {@code gateways} > 0 and a {@code natsUrl}, another run: a core that
     * publishes to JetStream and that many gateway nodes fed by it, the subscribers spread over them.
     * With {@code relays} > 0, another: that many relay nodes following a core over WebSocket.
     */
    public record FanoutLoad(int subscribers, int eventsPerSecond, double seconds, double warmupSeconds,
                         int clientThreads, List<String> serverJvm, String natsUrl, int gateways, int relays) {
        public FanoutLoad {
            if (subscribers < 1 || eventsPerSecond < 1 || seconds <= 0 || warmupSeconds < 0 || clientThreads < 1) {
                throw new IllegalArgumentException("subscribers, rate, seconds and client threads must be positive");
            }
            if (gateways < 0 || (gateways > 0 && natsUrl == null)) {
                throw new IllegalArgumentException("gateways need a NATS server (--nats nats://HOST:PORT)");
            }
            if (relays < 0) {
                throw new IllegalArgumentException("relays must be 0 or more");
            }
            serverJvm = List.copyOf(serverJvm);
        }

        /** Tickwire and the ceiling only. */
        public FanoutLoad(int subscribers, int eventsPerSecond, double seconds, double warmupSeconds,
                          int clientThreads, List<String> serverJvm) {
            this(subscribers, eventsPerSecond, seconds, warmupSeconds, clientThreads, serverJvm, null, 0, 0);
        }
    }

    /**
     * The processes of one run: the one that makes the events, all of them, where clients connect,
     * and what to undo after them (the JetStream stream of a run through gateways).
     */
    private record Setup(String label, Target target, ServerProcess driver, List<ServerProcess> processes,
                         List<URI> endpoints, Runnable after) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try {
                for (ServerProcess process : processes.reversed()) {
                    process.close();
                }
            } finally {
                after.run();
            }
        }
    }

    private FanoutScenario() {
    }

    /** Tickwire first, then (when asked) Tickwire through gateway nodes, then the ceiling, with the same parameters. */
    public static Report run(FanoutLoad p) throws Exception {
        Report report = new Report("fanout");
        report.row(measure(single(Target.TICKWIRE, p), p));
        String via = "tickwire via " + p.gateways() + " gateways";
        if (p.gateways() > 0) {
            report.row(measure(throughGateways(via, p), p));
        }
        String relayed = "tickwire via " + p.relays() + " relays";
        if (p.relays() > 0) {
            report.row(measure(throughRelays(relayed, p), p));
        }
        report.row(measure(single(Target.CEILING, p), p));
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
        if (p.gateways() > 0) {
            report.note(String.format(Locale.ROOT, "Through %d gateway nodes: %,.0f messages/s (%.2f of the single "
                    + "node); the core -> JetStream -> gateway hop adds %,.0f µs at p50 and %,.0f µs at p99.",
                    p.gateways(), report.value(via, "messages/s"),
                    report.value(via, "messages/s") / report.value("tickwire", "messages/s"),
                    report.value(via, "p50 µs") - report.value("tickwire", "p50 µs"),
                    report.value(via, "p99 µs") - tickwireP99));
        }
        if (p.relays() > 0) {
            report.note(String.format(Locale.ROOT, "Through %d relay nodes: %,.0f messages/s (%.2f of the single "
                    + "node); the core -> WebSocket -> relay (journaled, fsync) hop adds %,.0f µs at p50 and %,.0f µs "
                    + "at p99.", p.relays(), report.value(relayed, "messages/s"),
                    report.value(relayed, "messages/s") / report.value("tickwire", "messages/s"),
                    report.value(relayed, "p50 µs") - report.value("tickwire", "p50 µs"),
                    report.value(relayed, "p99 µs") - tickwireP99));
        }
        return report;
    }

    /** A core and relay nodes following it over WebSocket (through the SDK), the subscribers on the relays. */
    private static Setup throughRelays(String label, FanoutLoad p) throws IOException {
        List<ServerProcess> processes = new ArrayList<>();
        try {
            ServerProcess core = ServerProcess.start(Target.TICKWIRE, 100 + p.relays(), p.serverJvm());
            processes.add(core);
            List<URI> endpoints = new ArrayList<>();
            for (int i = 0; i < p.relays(); i++) {
                ServerProcess relay = ServerProcess.startRelay(core, p.subscribers() + 100, p.serverJvm());
                processes.add(relay);
                endpoints.add(relay.uri());
            }
            return new Setup(label, Target.TICKWIRE, core, List.copyOf(processes), List.copyOf(endpoints), () -> { });
        } catch (IOException | RuntimeException e) {
            for (ServerProcess process : processes) {
                process.close();
            }
            throw e;
        }
    }

    private static Setup single(Target target, FanoutLoad p) throws IOException {
        ServerProcess server = ServerProcess.start(target, p.subscribers() + 100, p.serverJvm());
        return new Setup(target.label(), target, server, List.of(server), List.of(server.uri()), () -> { });
    }

    /**
     * NATS is the operator's; the stream is new for each run, so it starts empty, and deleted after
     * it: JetStream reserves a stream's {@code max_bytes} (10 GiB by default), and a server's storage
     * ran out after five runs that left theirs.
     */
    private static Setup throughGateways(String label, FanoutLoad p) throws IOException {
        String stream = "BENCH_" + Long.toHexString(System.nanoTime());
        List<ServerProcess> processes = new ArrayList<>();
        try {
            ServerProcess core = ServerProcess.startCore(100, p.serverJvm(), p.natsUrl(), stream);
            processes.add(core);
            List<URI> endpoints = new ArrayList<>();
            for (int i = 0; i < p.gateways(); i++) {
                ServerProcess gateway = ServerProcess.startGateway(core, p.subscribers() + 100, p.serverJvm(),
                        p.natsUrl(), stream);
                processes.add(gateway);
                endpoints.add(gateway.uri());
            }
            JetStreamConfig config = JetStreamConfig.defaults(p.natsUrl(), stream);
            return new Setup(label, Target.TICKWIRE, core, List.copyOf(processes), List.copyOf(endpoints),
                    () -> deleteStream(config));
        } catch (IOException | RuntimeException e) {
            for (ServerProcess process : processes) {
                process.close();
            }
            throw e;
        }
    }

    private static Map<String, Object> measure(Setup setup, FanoutLoad p) throws Exception {
        Target target = setup.target();
        ServerProcess server = setup.driver();
        try (setup; LoadClients clients = new LoadClients(p.clientThreads(), null, server.stamps())) {
            double connects = 0;
            int endpoints = setup.endpoints().size();
            for (int e = 0; e < endpoints; e++) {
                int count = p.subscribers() / endpoints + (e < p.subscribers() % endpoints ? 1 : 0);
                connects += clients.connect(setup.endpoints().get(e), count,
                        i -> List.of("{\"type\":\"subscribe\",\"id\":1,\"topic\":\"" + BenchServer.BOOK_STREAM
                                + "\"}"),
                        target == Target.TICKWIRE ? "\"type\":\"subscribed\"" : null, 120) / endpoints;
            }
            Duration timeout = Duration.ofSeconds((long) (p.seconds() + p.warmupSeconds()) + 60);
            if (p.warmupSeconds() > 0) {
                clients.resetWindow();
                long warmupEvents = Long.parseLong(server.call("drive " + p.eventsPerSecond() + " "
                        + p.warmupSeconds(), timeout).split(" ")[1]);
                awaitMessages(clients, warmupEvents * p.subscribers(), p.warmupSeconds());
            }
            clients.resetWindow();
            List<ProcStats> before = stats(setup);
            long clientCpu = LoadClients.ownCpuNanos();
            String[] done = whileReporting(clients, target, p.seconds(),
                    () -> server.call("drive " + p.eventsPerSecond() + " " + p.seconds(), timeout)).split(" ");
            clients.endWindow();
            List<ProcStats> after = stats(setup);
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
            row.put("target", setup.label());
            row.put("subscribers", p.subscribers());
            row.put("events/s", events / seconds);
            row.put("messages/s", messages / seconds);
            row.put("MB/s", clients.bytes.sum() / seconds / 1e6);
            row.put("p50 µs", h.getValueAtPercentile(50));
            row.put("p99 µs", h.getValueAtPercentile(99));
            row.put("p99.9 µs", h.getValueAtPercentile(99.9));
            row.put("max µs", h.getMaxValue());
            double cpu = 0;
            for (int i = 0; i < after.size(); i++) {
                cpu += after.get(i).cpuShareSince(before.get(i), nanos);
            }
            row.put("server CPU (cores)", cpu);
            // Live heap after a collection plus direct buffers: what the servers use. Their RSS would show the
            // pre-touched heap (-Xms2g -XX:+AlwaysPreTouch), whatever they hold.
            long memory = 0;
            for (ServerProcess process : setup.processes()) {
                long[] used = process.memory();
                memory += used[0] + used[1];
            }
            row.put("server heap+direct MB", memory / 1e6);
            row.put("client CPU (cores)", clientCpu / (double) nanos);
            row.put("connects/s", connects);
            return row;
        }
    }

    private static void deleteStream(JetStreamConfig config) {
        try {
            Connection connection = NatsConnections.connect(config, "tickwire-bench");
            try {
                connection.jetStreamManagement().deleteStream(config.stream());
            } finally {
                NatsConnections.closeQuietly(connection);
            }
        } catch (IOException | JetStreamApiException e) {
            System.err.println("could not delete the bench's stream " + config.stream() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<ProcStats> stats(Setup setup) {
        List<ProcStats> stats = new ArrayList<>();
        for (ServerProcess process : setup.processes()) {
            stats.add(process.stats());
        }
        return stats;
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
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
                AgentThreads.factory("bench-progress", ErrorHandler.logging("progress")));
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
