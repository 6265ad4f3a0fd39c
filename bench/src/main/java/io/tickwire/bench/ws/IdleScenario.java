package io.tickwire.bench.ws;

import io.tickwire.bench.ws.ServerProcess.Target;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code idle}: N connections that authenticate (Tickwire; the ceiling has no authentication)
 * and then send nothing; the server's memory per connection. The server runs with a fixed,
 * pre-touched heap, so its resident size grows only with native memory (direct buffers, socket
 * objects, malloc): the total per connection is the heap's growth after a full collection plus
 * the growth of the resident size. Kernel socket buffers are not counted (they are not the
 * process's memory). Reported for Tickwire and the ceiling, in the same run.
 */
public final class IdleScenario {

    /** What to run. */
    public record IdleLoad(int connections, double settleSeconds, int clientThreads, List<String> serverJvm) {
        public IdleLoad {
            serverJvm = List.copyOf(serverJvm);
            if (connections < 1 || settleSeconds < 0 || clientThreads < 1) {
                throw new IllegalArgumentException("connections and client threads must be positive");
            }
        }
    }

    private IdleScenario() {
    }

    public static Report run(IdleLoad p) throws Exception {
        long limit = ProcStats.openFilesLimit();
        if (limit >= 0 && limit < p.connections() + 1_000L) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%,d connections need more open files than "
                    + "this machine allows a process (%,d, ulimit -n; the server and the clients each need one per "
                    + "connection)", p.connections(), limit));
        }
        Report report = new Report("idle");
        if (!p.serverJvm().contains("-XX:+AlwaysPreTouch")) {
            report.note("Warning: the server's heap is not pre-touched (-XX:+AlwaysPreTouch), so its growth shows in "
                    + "the RSS too and the total counts it twice.");
        }
        for (Target target : List.of(Target.TICKWIRE, Target.CEILING)) {
            report.row(measure(target, p));
        }
        report.note(String.format(Locale.ROOT, "Tickwire / ceiling, memory per connection: %.2f. Tickwire total per "
                + "connection: %.1f KB (goal: under 10 KB).", report.value("tickwire", "total KB/conn")
                / report.value("ceiling", "total KB/conn"), report.value("tickwire", "total KB/conn")));
        return report;
    }

    private static Map<String, Object> measure(Target target, IdleLoad p) throws Exception {
        try (ServerProcess server = ServerProcess.start(target, p.connections() + 100, p.serverJvm());
             LoadClients clients = new LoadClients(p.clientThreads())) {
            List<String> hello = new ArrayList<>();
            if (target == Target.TICKWIRE) {
                for (int i = 0; i < p.connections(); i++) {
                    hello.add("{\"type\":\"auth\",\"token\":\"" + server.token(i + 1) + "\"}");
                }
            }
            long[] heapBefore = server.memory();
            ProcStats before = server.stats();
            URI uri = server.uri();
            double connects = clients.connect(uri, p.connections(),
                    i -> target == Target.TICKWIRE ? List.of(hello.get(i)) : List.of(),
                    target == Target.TICKWIRE ? "\"type\":\"auth.ok\"" : null, 300);
            Thread.sleep((long) (p.settleSeconds() * 1000));
            long[] heapAfter = server.memory();
            ProcStats after = server.stats();
            int open = clients.open();
            if (open != p.connections()) {
                throw new IllegalStateException((p.connections() - open) + " connections were closed while idle");
            }
            double n = p.connections();
            double heap = (heapAfter[0] - heapBefore[0]) / n / 1024;
            double direct = (heapAfter[1] - heapBefore[1]) / n / 1024;
            double rss = (after.rssBytes() - before.rssBytes()) / n / 1024;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("target", target.label());
            row.put("connections", p.connections());
            row.put("heap KB/conn", heap);
            row.put("direct KB/conn", direct);
            row.put("RSS KB/conn", rss);
            row.put("total KB/conn", heap + rss);
            row.put("server RSS MB", after.rssBytes() / 1e6);
            row.put("connects/s", connects);
            return row;
        }
    }
}
