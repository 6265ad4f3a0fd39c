package io.tickwire.cli;

import io.tickwire.protocol.message.Topic;
import io.tickwire.relay.capture.CaptureConfig;
import io.tickwire.relay.follow.FollowConfig;
import io.tickwire.relay.node.RelayNode;
import io.tickwire.journal.JournalConfig;
import io.tickwire.server.config.ConfigException;
import io.tickwire.server.config.NodeKind;
import io.tickwire.server.config.ServerConfig;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tickwire relay}: a relay node, following a Tickwire node or capturing any JSON WebSocket feed. */
@Command(name = "relay", mixinStandardHelpOptions = true,
        description = "Run a relay node: follow a Tickwire node (--upstream) with its epochs and seqs, or capture "
                + "any JSON WebSocket feed (--capture FEED.yaml); journal what arrives and serve it over /ws and "
                + "GET /events/{topic}?since=. Orders are answered with forbidden. See docs/relay.md.")
final class RelayCommand implements Callable<Integer> {

    @Option(names = "--upstream", paramLabel = "ws://HOST:PORT/ws", description = "The Tickwire node to follow.")
    URI upstream;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "A file holding a token of the upstream's, if it asks for one (kept out of argv, where "
                    + "every user of the machine can read it).")
    Path tokenFile;

    @Option(names = "--token", paramLabel = "JWT", hidden = true,
            description = "Deprecated: the token itself, visible to every user in the process list; use --token-file.")
    String token;

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = "A topic to follow (repeatable); default: book.* and trades.* of every upstream market.")
    List<String> topics = new ArrayList<>();

    @Option(names = "--capture", paramLabel = "FEED.yaml", description = "Capture the feed this file describes.")
    Path capture;

    @CommandLine.Mixin
    HttpOptions http = new HttpOptions();

    @CommandLine.Mixin
    NodeOptions options = new NodeOptions();

    @Option(names = "--exit-after-start", hidden = true, description = "Start, print, shut down (tests).")
    boolean exitAfterStart;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if ((upstream == null) == (capture == null)) {
            err.println("tickwire: give either --upstream ws://HOST:PORT/ws or --capture FEED.yaml");
            return Main.EXIT_USAGE;
        }
        ServerConfig settings;
        FrontDoorConfig frontDoor;
        try {
            settings = options.load(NodeKind.RELAY, http.host);
            frontDoor = http.over(settings.frontDoor());
        } catch (ConfigException e) {
            err.println("tickwire: configuration error: " + e.getMessage());
            return Main.EXIT_USAGE;
        } catch (IllegalArgumentException e) {
            err.println("tickwire: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        Path dir = settings.data();
        JournalConfig kept = settings.core().journal();
        RelayNode node;
        String what;
        try {
            if (token != null && tokenFile != null) {
                err.println("tickwire: give --token-file or --token, not both");
                return Main.EXIT_USAGE;
            }
            if (capture != null) {
                if (!topics.isEmpty() || token != null || tokenFile != null) {
                    err.println("tickwire: --topic and --token-file are for --upstream; a capture file names its"
                            + " own");
                    return Main.EXIT_USAGE;
                }
                CaptureConfig feed = CaptureConfig.load(capture);
                node = RelayNode.capture(feed, frontDoor, dir);
                what = "capturing " + feed.url();
            } else {
                List<Topic> parsed = new ArrayList<>();
                for (String name : topics) {
                    parsed.add(Topic.parse(name));
                }
                FollowConfig follow = new FollowConfig(checkUpstream(upstream),
                        tokenFile != null ? TokenFile.read(tokenFile) : token, parsed, kept.historyEvents(),
                        kept.retentionAge(), kept.retentionBytes());
                node = RelayNode.follow(follow, frontDoor, dir);
                what = "following " + upstream;
            }
        } catch (ConfigException | IllegalArgumentException e) { // TopicFormatException among them
            err.println("tickwire: " + e.getMessage());
            return Main.EXIT_USAGE;
        } catch (IOException | IllegalStateException e) { // the lock, the port, the upstream, the journal
            err.println("tickwire: " + e.getMessage());
            return Main.EXIT_UNAVAILABLE;
        }
        Main.ServeUntilSignal until = new Main.ServeUntilSignal(node, "relay");
        String host = frontDoor.host();
        out.println("Tickwire " + Main.Version.version() + " relay listening on " + frontDoor.webSocketScheme() + "://"
                + host + ":" + node.port() + "/ws and " + (frontDoor.tls() == null ? "http" : "https") + "://" + host
                + ":" + node.port() + "/events, " + what + " into " + dir);
        out.println("console: " + Main.consoleUrl(frontDoor, host, node.port()));
        out.flush();
        if (exitAfterStart) {
            until.stopNow();
            return 0;
        }
        until.await();
        return 0;
    }

    private static URI checkUpstream(URI uri) {
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("--upstream needs a host and a port: ws://HOST:PORT/ws, was " + uri);
        }
        try {
            return uri.getPath() == null || uri.getPath().isEmpty()
                    ? new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), "/ws", null, null) : uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--upstream: " + e.getMessage(), e);
        }
    }
}
