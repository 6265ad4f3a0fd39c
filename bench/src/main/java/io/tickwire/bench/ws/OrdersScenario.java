package io.tickwire.bench.ws;

import io.netty.buffer.ByteBuf;
import io.tickwire.bench.load.LatencyRun;
import io.tickwire.bench.ws.ServerProcess.Target;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * {@code orders}: authenticated connections, one user each, send {@code order.place} at a fixed
 * total rate; each order's latency is measured from the moment it was due (so a stall in the
 * sender counts too) to its {@code receipt} and to its first {@code order.update} on the
 * {@code account} stream. Each order rests (a bid far below the market) and is cancelled as soon
 * as its update arrives, so the book stays small. Rate 0 means saturation: as fast as the server
 * completes them, with at most {@value #IN_FLIGHT_PER_CONNECTION} orders in flight per connection.
 * Tickwire only (the ceiling has no orders), journal with fsync.
 */
public final class OrdersScenario {
    static final int IN_FLIGHT_PER_CONNECTION = 32;
    static final int WARMUP_RATE = 3_000;
    /** A closed loop that stops completing (a lost connection takes its orders with it) gives up after this. */
    private static final long STALL_NANOS = 30_000_000_000L;
    private static final int SLOTS = 1 << 22;
    /** Cancels carry ids above this, so their receipts are told apart from the orders'. */
    private static final long CANCEL_ID = 1L << 40;
    private static final byte[] RECEIPT = LoadClients.ascii("\"receipt\"");
    private static final byte[] ORDER_UPDATE = LoadClients.ascii("\"order.update\"");
    private static final byte[] STATUS_NEW = LoadClients.ascii("\"status\":\"NEW\"");
    private static final byte[] ID = LoadClients.ascii("\"id\":");
    private static final byte[] CLIENT_ORDER_ID = LoadClients.ascii("\"client_order_id\":\"o");
    private static final byte[] REJECTED = LoadClients.ascii("\"status\":\"rejected\"");
    private static final byte[] ERROR = LoadClients.ascii("\"error\"");
    private static final byte[] RATE_LIMITED = LoadClients.ascii("\"rate_limited\"");

    /** What to run: one row per rate, on one server. */
    public record OrdersLoad(int connections, List<Integer> ratesPerSecond, double seconds, double warmupSeconds,
                         int clientThreads, List<String> serverJvm) {
        public OrdersLoad {
            ratesPerSecond = List.copyOf(ratesPerSecond);
            serverJvm = List.copyOf(serverJvm);
            if (connections < 1 || ratesPerSecond.isEmpty() || seconds <= 0 || warmupSeconds < 0 || clientThreads < 1
                    || ratesPerSecond.stream().anyMatch(r -> r < 0)) {
                throw new IllegalArgumentException("connections, rates (0: saturation), seconds and client threads "
                        + "must be positive");
            }
        }
    }

    /** The client side: due times per order, the two histograms, and the cancel that follows each order. */
    private static final class Flow implements LoadClients.FrameListener {
        final AtomicLongArray dueAt = new AtomicLongArray(SLOTS);
        final AtomicLongArray updateDueAt = new AtomicLongArray(SLOTS);
        final Recorder toReceipt = new Recorder(3);
        final Recorder toUpdate = new Recorder(3);
        final LongAdder completed = new LongAdder();
        final LongAdder rejected = new LongAdder();
        /** Orders the server dropped before the sequencer (rate_limited, which echoes their id). */
        final LongAdder dropped = new LongAdder();
        LoadClients clients;

        @Override
        public void onText(int connection, ByteBuf content) {
            if (LoadClients.isType(content, RECEIPT)) {
                long id = LoadClients.longAfter(content, ID);
                if (id > 0 && id < CANCEL_ID) {
                    long due = dueAt.getAndSet((int) (id & (SLOTS - 1)), 0);
                    if (due != 0) {
                        toReceipt.recordValue(Math.max(0, System.nanoTime() - due));
                    }
                    if (LoadClients.indexOf(content, REJECTED) >= 0) {
                        rejected.increment();
                        updateDueAt.set((int) (id & (SLOTS - 1)), 0);
                        completed.increment(); // no update will come
                    }
                }
            } else if (LoadClients.isType(content, ERROR) && LoadClients.indexOf(content, RATE_LIMITED) >= 0) {
                long id = LoadClients.longAfter(content, ID);
                if (id > 0 && id < CANCEL_ID) {
                    // Never reached the sequencer: no receipt or update will come, and no latency to count.
                    dueAt.set((int) (id & (SLOTS - 1)), 0);
                    updateDueAt.set((int) (id & (SLOTS - 1)), 0);
                    dropped.increment();
                    completed.increment();
                }
            } else if (LoadClients.isType(content, ORDER_UPDATE) && LoadClients.indexOf(content, STATUS_NEW) >= 0) {
                long n = LoadClients.longAfter(content, CLIENT_ORDER_ID);
                if (n > 0) {
                    long due = updateDueAt.getAndSet((int) (n & (SLOTS - 1)), 0);
                    if (due != 0) {
                        toUpdate.recordValue(Math.max(0, System.nanoTime() - due));
                    }
                    completed.increment();
                    clients.send(connection, "{\"type\":\"order.cancel\",\"id\":" + (CANCEL_ID + n)
                            + ",\"client_order_id\":\"o" + n + "\"}");
                }
            }
        }
    }

    private OrdersScenario() {
    }

    public static Report run(OrdersLoad p) throws Exception {
        Report report = new Report("orders");
        Flow flow = new Flow();
        try (ServerProcess server = ServerProcess.start(Target.TICKWIRE, p.connections() + 100, p.serverJvm());
             LoadClients clients = new LoadClients(p.clientThreads(), flow)) {
            flow.clients = clients;
            server.call("fund " + p.connections(), Duration.ofSeconds(60));
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < p.connections(); i++) {
                tokens.add(server.token(i + 1));
            }
            URI uri = server.uri();
            clients.connect(uri, p.connections(), i -> List.of(
                    "{\"type\":\"auth\",\"token\":\"" + tokens.get(i) + "\"}",
                    "{\"type\":\"subscribe\",\"id\":1,\"topic\":\"account\"}"), "\"type\":\"subscribed\"", 120);
            long[] next = {1};
            // One warm-up at a rate that makes the JIT compile the order path: at a low measured rate
            // a short warm-up leaves the compiler busy during the window (seen: half a core at 200/s).
            if (p.warmupSeconds() > 0) {
                drive(p, WARMUP_RATE, p.warmupSeconds(), clients, flow, next);
                awaitCompletion(flow, next[0] - 1, 30);
            }
            for (int rate : p.ratesPerSecond()) {
                flow.toReceipt.reset();
                flow.toUpdate.reset();
                flow.completed.reset();
                flow.rejected.reset();
                ProcStats before = server.stats();
                long clientCpu = LoadClients.ownCpuNanos();
                long start = System.nanoTime();
                long sent = drive(p, rate, p.seconds(), clients, flow, next);
                long driven = System.nanoTime() - start;
                long completedInWindow = flow.completed.sum();
                ProcStats after = server.stats();
                clientCpu = LoadClients.ownCpuNanos() - clientCpu;
                // The next rate starts without this one's backlog; the backlog's latencies count.
                awaitCompletion(flow, sent, 30);
                Histogram receipt = flow.toReceipt.getIntervalHistogram();
                Histogram update = flow.toUpdate.getIntervalHistogram();
                double seconds = driven / 1e9;
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("target", "tickwire");
                row.put("connections", p.connections());
                row.put("rate", rate == 0 ? "saturation" : String.format(Locale.ROOT, "%,d/s", rate));
                row.put("orders/s sent", sent / seconds);
                row.put("orders/s completed", completedInWindow / seconds);
                row.put("backlog at end", Math.max(0, sent - completedInWindow));
                row.put("never completed", Math.max(0, sent - flow.completed.sum()));
                row.put("rejected", flow.rejected.sum());
                row.put("dropped (rate_limited)", flow.dropped.sum());
                row.put("receipt p50 ms", receipt.getValueAtPercentile(50) / 1e6);
                row.put("receipt p99 ms", receipt.getValueAtPercentile(99) / 1e6);
                row.put("update p50 ms", update.getValueAtPercentile(50) / 1e6);
                row.put("update p99 ms", update.getValueAtPercentile(99) / 1e6);
                row.put("update p99.9 ms", update.getValueAtPercentile(99.9) / 1e6);
                row.put("update max ms", update.getMaxValue() / 1e6);
                row.put("server CPU (cores)", after.cpuShareSince(before, driven));
                // Live heap after a collection plus direct buffers: what the server uses. Its RSS would show the
                // pre-touched heap (-Xms2g -XX:+AlwaysPreTouch), whatever it holds.
                long[] memory = server.memory();
                row.put("server heap+direct MB", (memory[0] + memory[1]) / 1e6);
                row.put("client CPU (cores)", clientCpu / (double) driven);
                report.row(row);
                if (rate == 10_000) {
                    report.note(String.format(Locale.ROOT, "At 10,000 orders/s: p99 send to order.update %.2f ms "
                            + "(goal: under 2 ms, fsync).", update.getValueAtPercentile(99) / 1e6));
                }
            }
        }
        report.note("Latency from each order's due time (coordinated omission included) to its receipt and to "
                + "its first order.update; every order is cancelled when its update arrives (cancels not timed).");
        return report;
    }

    private static void awaitCompletion(Flow flow, long orders, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (flow.completed.sum() < orders && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /** Sends orders at {@code rate} (0: closed loop) for {@code seconds}; returns how many. */
    private static long drive(OrdersLoad p, int rate, double seconds, LoadClients clients, Flow flow, long[] next)
            throws Exception {
        long first = next[0];
        long maxInFlight = (long) IN_FLIGHT_PER_CONNECTION * p.connections();
        long completedBefore = flow.completed.sum();
        long[] droppedSeen = {flow.dropped.sum()};
        LatencyRun.Action place = due -> {
            if (rate == 0) {
                long stalledSince = System.nanoTime();
                // The server dropped orders (its queue was full): back off to half the window first.
                long dropped = flow.dropped.sum();
                long window = dropped > droppedSeen[0] ? maxInFlight / 2 : maxInFlight;
                droppedSeen[0] = dropped;
                while (next[0] - first - (flow.completed.sum() - completedBefore) >= window) {
                    if (System.nanoTime() - stalledSince > STALL_NANOS) {
                        throw new IllegalStateException("no order completed in " + STALL_NANOS / 1_000_000_000
                                + " s with " + maxInFlight + " in flight (" + clients.open() + " of "
                                + p.connections() + " connections open)");
                    }
                    Thread.onSpinWait();
                }
                due = System.nanoTime();
            }
            long n = next[0]++;
            int slot = (int) (n & (SLOTS - 1));
            flow.dueAt.set(slot, due);
            flow.updateDueAt.set(slot, due);
            clients.send((int) (n % p.connections()), "{\"type\":\"order.place\",\"id\":" + n
                    + ",\"market\":\"BTC-USDT\",\"side\":\"buy\",\"order_type\":\"limit\",\"tif\":\"gtc\",\"price\":\"5"
                    + (1000 + n % 1000) + ".00\",\"qty\":\"0.001\",\"client_order_id\":\"o" + n + "\"}");
        };
        return LatencyRun.drive(rate, seconds, place);
    }
}
