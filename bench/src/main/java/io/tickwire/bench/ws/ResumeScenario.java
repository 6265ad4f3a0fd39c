package io.tickwire.bench.ws;

import io.netty.buffer.ByteBuf;
import io.tickwire.bench.ws.ServerProcess.Target;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/**
 * {@code resume}: N clients follow a book, all drop at once, the book moves on by M events, and
 * all reconnect at once, each resuming from the last {@code seq} it saw. Measures the time until
 * every client has caught up with the head, and checks that each received exactly the events it
 * missed: none lost (a hole, a gap or a snapshot instead of the replay), none repeated.
 */
public final class ResumeScenario {
    private static final byte[] SEQ = LoadClients.ascii("\"seq\":");
    private static final byte[] BOOK_DELTA = LoadClients.ascii("\"book.delta\"");
    private static final byte[] BOOK_SNAPSHOT = LoadClients.ascii("\"book.snapshot\"");
    private static final byte[] SUBSCRIBED = LoadClients.ascii("\"subscribed\"");
    private static final byte[] RECOVERED = LoadClients.ascii("\"recovered\":true");
    private static final byte[] EPOCH = LoadClients.ascii("\"epoch\":\"");
    private static final byte[] GAP = LoadClients.ascii("\"gap\"");
    private static final byte[] INVALIDATED = LoadClients.ascii("\"book.invalidated\"");

    /** What to run. */
    public record ResumeLoad(int clients, int missedEvents, int clientThreads, List<String> serverJvm) {
        public ResumeLoad {
            serverJvm = List.copyOf(serverJvm);
            if (clients < 1 || missedEvents < 1 || clientThreads < 1) {
                throw new IllegalArgumentException("clients, missed events and client threads must be positive");
            }
        }
    }

    /** Each client's view of the book stream, written on its I/O thread. */
    private static final class Followers implements LoadClients.FrameListener {
        final long[] lastSeq;
        /** When each client reached the head (nanoTime), 0 until it does; read by the measuring thread. */
        final AtomicLongArray caughtUpAt;
        final LongAdder repeated = new LongAdder();
        final LongAdder holes = new LongAdder();
        final LongAdder gaps = new LongAdder();
        final LongAdder snapshots = new LongAdder();
        final LongAdder recovered = new LongAdder();
        final LongAdder replayed = new LongAdder();
        volatile String epoch;
        volatile long head = Long.MAX_VALUE;

        Followers(int n) {
            lastSeq = new long[n];
            caughtUpAt = new AtomicLongArray(n);
        }

        @Override
        public void onText(int i, ByteBuf content) {
            if (LoadClients.isType(content, SUBSCRIBED)) {
                if (epoch == null) {
                    int at = LoadClients.indexOf(content, EPOCH) + EPOCH.length;
                    int end = content.indexOf(at, content.writerIndex(), (byte) '"');
                    epoch = content.toString(at, end - at, StandardCharsets.US_ASCII);
                }
                if (LoadClients.indexOf(content, RECOVERED) >= 0) {
                    recovered.increment();
                }
            } else if (LoadClients.isType(content, BOOK_SNAPSHOT)) {
                snapshots.increment();
                seen(i, LoadClients.longAfter(content, SEQ));
            } else if (LoadClients.isType(content, BOOK_DELTA)) {
                long seq = LoadClients.longAfter(content, SEQ);
                replayed.increment();
                if (seq <= lastSeq[i]) {
                    repeated.increment();
                    return;
                }
                if (seq != lastSeq[i] + 1) {
                    holes.increment();
                }
                seen(i, seq);
            } else if (LoadClients.isType(content, GAP) || LoadClients.isType(content, INVALIDATED)) {
                gaps.increment();
            }
        }

        private void seen(int i, long seq) {
            lastSeq[i] = seq;
            if (seq >= head && caughtUpAt.get(i) == 0) {
                caughtUpAt.set(i, System.nanoTime());
            }
        }

        void resetCounts() {
            for (LongAdder a : List.of(repeated, holes, gaps, snapshots, recovered, replayed)) {
                a.reset();
            }
        }
    }

    private ResumeScenario() {
    }

    public static Report run(ResumeLoad p) throws Exception {
        Report report = new Report("resume");
        Followers followers = new Followers(p.clients());
        try (ServerProcess server = ServerProcess.start(Target.TICKWIRE, p.clients() + 100, p.serverJvm());
             LoadClients clients = new LoadClients(p.clientThreads(), followers)) {
            clients.stopCounting(); // the listener checks every frame; the generic counters are not needed
            URI uri = server.uri();
            long start = Long.parseLong(server.call("burst 10", Duration.ofSeconds(60)).split(" ")[1]);
            double firstConnects = clients.connect(uri, p.clients(), i
                    -> List.of("{\"type\":\"subscribe\",\"id\":1,\"topic\":\""
                    + BenchServer.BOOK_STREAM + "\"}"), "\"type\":\"book.snapshot\"", 120);
            clients.disconnectAll();
            long behind = Arrays.stream(followers.lastSeq).min().orElse(0);
            if (behind != start || followers.epoch == null) {
                throw new IllegalStateException("clients did not start at the head " + start + " (lowest: " + behind
                        + ")");
            }
            long head = Long.parseLong(server.call("burst " + p.missedEvents(), Duration.ofSeconds(120)).split(" ")[1]);
            followers.head = head;
            followers.resetCounts();
            String epoch = followers.epoch;
            ProcStats before = server.stats();
            long clientCpu = LoadClients.ownCpuNanos();
            long reconnectAt = System.nanoTime();
            double connects = clients.connect(uri, p.clients(), i
                    -> List.of("{\"type\":\"subscribe\",\"id\":2,\"topic\":\""
                    + BenchServer.BOOK_STREAM + "\",\"since\":{\"epoch\":\"" + epoch + "\",\"seq\":"
                    + followers.lastSeq[i] + "}}"), "\"type\":\"subscribed\"", 120);
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (times(followers.caughtUpAt).anyMatch(t -> t == 0) && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            long allDone = times(followers.caughtUpAt).max().orElse(0);
            ProcStats after = server.stats();
            clientCpu = LoadClients.ownCpuNanos() - clientCpu;
            long elapsed = System.nanoTime() - reconnectAt;
            long behindNow = times(followers.caughtUpAt).filter(t -> t == 0).count();
            long[] each = times(followers.caughtUpAt).filter(t -> t != 0).map(t -> t - reconnectAt).sorted()
                    .toArray();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("target", "tickwire");
            row.put("clients", p.clients());
            row.put("missed each", head - start);
            row.put("all caught up ms", behindNow > 0 ? Double.NaN : (allDone - reconnectAt) / 1e6);
            row.put("client p50 ms", percentile(each, 50) / 1e6);
            row.put("client p99 ms", percentile(each, 99) / 1e6);
            row.put("events replayed", followers.replayed.sum());
            row.put("recovered", followers.recovered.sum());
            row.put("holes", followers.holes.sum());
            row.put("gaps or snapshots", followers.gaps.sum() + followers.snapshots.sum());
            row.put("not caught up", behindNow);
            row.put("repeated", followers.repeated.sum());
            row.put("first connects/s", firstConnects);
            row.put("resume connects/s", connects);
            row.put("server CPU (cores)", after.cpuShareSince(before, elapsed));
            row.put("client CPU (cores)", clientCpu / (double) elapsed);
            report.row(row);
            report.note(String.format(Locale.ROOT, "%,d clients x %,d missed events: every client caught up in %.0f ms "
                    + "(goal: under 2,000 ms); %d events skipped (holes), %d clients sent a gap or snapshot instead "
                    + "of the replay, %d not caught up, %d events repeated.", p.clients(), head - start,
                    behindNow > 0 ? Double.NaN : (allDone - reconnectAt) / 1e6, followers.holes.sum(),
                    followers.gaps.sum() + followers.snapshots.sum(), behindNow, followers.repeated.sum()));
        }
        return report;
    }

    private static LongStream times(AtomicLongArray a) {
        return IntStream.range(0, a.length()).mapToLong(a::get);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
    }
}
