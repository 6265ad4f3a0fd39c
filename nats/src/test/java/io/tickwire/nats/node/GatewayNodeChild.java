package io.tickwire.nats.node;

import io.tickwire.server.config.JetStreamConfig;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import java.nio.file.Path;

/** The process {@link GatewayFailoverTest} kills: a gateway node. Prints {@code port N} once it serves. */
public final class GatewayNodeChild {

    private GatewayNodeChild() {
    }

    public static void main(String[] args) throws Exception {
        GatewayNode node = GatewayNode.start(JetStreamConfig.defaults(args[0], "TICKWIRE"), FrontDoorConfig.defaults(0),
                Path.of(args[1]), Path.of(args[2]), 10_000);
        System.out.println("port " + node.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
