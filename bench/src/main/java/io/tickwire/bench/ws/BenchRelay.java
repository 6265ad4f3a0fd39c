package io.tickwire.bench.ws;

import io.tickwire.relay.follow.FollowConfig;
import io.tickwire.relay.node.RelayNode;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A relay node in a child JVM for {@code tickwire bench fanout --relays N}: follows the bench
 * core over WebSocket and journals with fsync. Prints {@code port N}, then answers {@code mem} and
 * {@code quit} on standard input like {@link BenchServer}.
 */
public final class BenchRelay {

    private BenchRelay() {
    }

    /** {@code BenchRelay UPSTREAM_WS DATA_DIR MAX_CONNECTIONS}. */
    public static void main(String[] args) throws Exception {
        FrontDoorConfig gateway = FrontDoorConfig.defaults(0)
                .withConnectionLimits(20, Integer.parseInt(args[2]))
                // Every load client is one anonymous address: the per-address cap would be the bench's limit.
                .withMaxConnectionsPerAddress(Integer.parseInt(args[2]))
                .withMessagesPerSecond(1_000_000)
                .withIoThreads(Integer.getInteger(ServerProcess.IO_THREADS_PROPERTY, 0));
        RelayNode node = RelayNode.follow(FollowConfig.of(URI.create(args[0]), null, List.of()), gateway,
                Path.of(args[1]));
        BenchServer.answer("port " + node.port());
        BenchServer.answerUntilQuit(node);
    }
}
