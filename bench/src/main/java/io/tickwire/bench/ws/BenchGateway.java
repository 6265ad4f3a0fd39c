package io.tickwire.bench.ws;

import io.tickwire.nats.node.GatewayNode;
import io.tickwire.server.config.JetStreamConfig;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import java.nio.file.Path;

/**
 * A gateway node in a child JVM for {@code tickwire bench fanout --gateways N}: started from the
 * bench core's state, fed from its JetStream stream. Prints {@code port N}, then answers
 * {@code mem} and {@code quit} on standard input like {@link BenchServer}.
 */
public final class BenchGateway {

    private BenchGateway() {
    }

    /** {@code BenchGateway NATS_URL STREAM DATA_DIR SECRET_FILE MAX_CONNECTIONS}. */
    public static void main(String[] args) throws Exception {
        FrontDoorConfig gateway = FrontDoorConfig.defaults(0)
                .withConnectionLimits(20, Integer.parseInt(args[4]))
                // Every load client is one anonymous address: the per-address cap would be the bench's limit.
                .withMaxConnectionsPerAddress(Integer.parseInt(args[4]))
                .withMessagesPerSecond(1_000_000)
                .withIoThreads(Integer.getInteger(ServerProcess.IO_THREADS_PROPERTY, 0));
        GatewayNode node = GatewayNode.start(JetStreamConfig.defaults(args[0], args[1]), gateway, Path.of(args[2]),
                Path.of(args[3]), 10_000);
        BenchServer.answer("port " + node.port());
        BenchServer.answerUntilQuit(node);
    }
}
