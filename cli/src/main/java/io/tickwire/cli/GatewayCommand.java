package io.tickwire.cli;

import io.tickwire.nats.node.GatewayNode;
import io.tickwire.server.config.ConfigException;
import io.tickwire.server.config.JetStreamConfig;
import io.tickwire.server.config.NodeKind;
import io.tickwire.server.config.ServerConfig;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tickwire gateway}: a gateway node, serving a core's streams from NATS JetStream. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "Run a gateway node: no engine; it starts from the core's state and serves the core's "
                + "streams (/ws and REST) from NATS JetStream with the same epochs and seqs, and forwards "
                + "orders to the core.")
final class GatewayCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(GatewayCommand.class);

    @CommandLine.Mixin
    NatsOptions nats = new NatsOptions();

    @CommandLine.Mixin
    HttpOptions http = new HttpOptions();

    @CommandLine.Mixin
    NodeOptions options = new NodeOptions();

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "The core's token secret (its data directory's jwt.secret), to verify its tokens "
                    + "(default: the config's secret_file).")
    Path secretFile;

    @Option(names = "--history-events",
            description = "Events kept in memory per stream for resumes (default: the config's history_events, "
                    + "else 10000).")
    Integer historyEvents;

    @Option(names = "--exit-after-start", hidden = true, description = "Start, print, shut down (tests).")
    boolean exitAfterStart;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServerConfig settings;
        try {
            settings = options.load(NodeKind.GATEWAY, http.host);
        } catch (ConfigException e) {
            err.println("tickwire: configuration error: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        JetStreamConfig jetStream;
        FrontDoorConfig frontDoor;
        try {
            jetStream = nats.resolve(settings.nats());
            frontDoor = http.over(settings.frontDoor());
        } catch (IllegalArgumentException e) {
            err.println("tickwire: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        if (jetStream == null) {
            err.println("tickwire: a gateway node needs NATS: --nats nats://HOST:PORT (or nats.servers in --config)");
            return Main.EXIT_USAGE;
        }
        Path secret = secretFile != null ? secretFile : settings.secretFile();
        if (secret == null) {
            err.println("tickwire: a gateway node needs the core's token secret: --secret-file FILE (or secret_file"
                    + " in --config)");
            return Main.EXIT_USAGE;
        }
        int history = historyEvents != null ? historyEvents : settings.core().journal().historyEvents();
        if (history < 1 || history > 10_000_000) {
            err.println("tickwire: --history-events must be 1-10000000");
            return Main.EXIT_USAGE;
        }
        GatewayNode node;
        try {
            node = GatewayNode.start(jetStream, frontDoor, settings.data(), secret, history);
        } catch (IOException e) { // the lock taken, the port bound, the secret, the core's state
            err.println("tickwire: " + e.getMessage());
            return Main.EXIT_UNAVAILABLE;
        }
        Main.ServeUntilSignal until = new Main.ServeUntilSignal(node, "gateway node");
        out.println("Tickwire " + Main.Version.version() + " gateway node listening on " + frontDoor.webSocketScheme()
                + "://" + frontDoor.host() + ":" + node.port() + "/ws, following stream " + jetStream.stream() + " on "
                + jetStream.displayServers() + " from batch " + (node.startBatch() + 1));
        out.println(NatsOptions.describe(jetStream));
        out.println("console: " + Main.consoleUrl(frontDoor, frontDoor.host(), node.port()));
        out.flush();
        log.info("gateway node started on port {}", node.port());
        if (exitAfterStart) {
            until.stopNow();
            return 0;
        }
        until.await();
        return 0;
    }
}
