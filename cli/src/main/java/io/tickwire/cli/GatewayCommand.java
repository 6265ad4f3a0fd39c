package io.tickwire.cli;

import io.tickwire.nats.node.GatewayNode;
import io.tickwire.server.config.JetStreamConfig;
import io.tickwire.server.gateway.GatewayConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tickwire gateway}: a gateway node, serving a core's streams from NATS JetStream. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Run a gateway node: no engine; it starts from the core's state and serves the core's "
                + "streams (/ws and REST) from NATS JetStream with the same epochs and seqs, and forwards "
                + "orders to the core.")
final class GatewayCommand implements Callable<Integer> {

    @Option(names = "--nats", split = ",", required = true, paramLabel = "nats://HOST:PORT",
            description = "NATS servers, comma-separated.")
    List<String> nats;

    @Option(names = "--nats-stream", defaultValue = JetStreamConfig.DEFAULT_STREAM, paramLabel = "NAME",
            description = "The core's JetStream stream (default: ${DEFAULT-VALUE}).")
    String stream;

    @CommandLine.Mixin
    HttpOptions http = new HttpOptions();

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data", defaultValue = "./data-gateway",
            description = "The node's directory: its lock, so one node runs per directory (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--secret-file", required = true, paramLabel = "FILE",
            description = "The core's token secret (its data directory's jwt.secret), to verify its tokens.")
    Path secretFile;

    @Option(names = "--history-events", defaultValue = "10000",
            description = "Events kept in memory per stream for resumes (default: ${DEFAULT-VALUE}).")
    int historyEvents;

    @Option(names = "--exit-after-start", hidden = true, description = "Start, print, shut down (tests).")
    boolean exitAfterStart;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        JetStreamConfig config;
        try {
            config = JetStreamConfig.defaults(nats.get(0), stream).withServers(nats);
        } catch (IllegalArgumentException e) {
            err.println("tickwire: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        if (port < 0 || port > 65535 || historyEvents < 1 || historyEvents > 10_000_000) {
            err.println("tickwire: --port must be 0-65535 and --history-events 1-10000000");
            return Main.EXIT_USAGE;
        }
        GatewayConfig gateway;
        try {
            gateway = http.gateway(port);
        } catch (IllegalArgumentException e) {
            err.println("tickwire: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        GatewayNode node;
        try {
            node = GatewayNode.start(config, gateway, data, secretFile,
                    historyEvents);
        } catch (IOException e) { // the lock taken, the port bound, the secret, the core's state
            err.println("tickwire: " + e.getMessage());
            return Main.EXIT_UNAVAILABLE;
        }
        Main.ServeUntilSignal until = new Main.ServeUntilSignal(node);
        out.println("Tickwire " + Main.Version.version() + " gateway node listening on ws://" + http.host + ":"
                + node.port() + "/ws, following stream " + config.stream() + " on " + String.join(", ", nats)
                + " from batch " + (node.startBatch() + 1));
        out.println("console: " + Main.consoleUrl(gateway, http.host, node.port()));
        out.flush();
        if (exitAfterStart) {
            until.stopNow();
            return 0;
        }
        until.await();
        return 0;
    }
}
