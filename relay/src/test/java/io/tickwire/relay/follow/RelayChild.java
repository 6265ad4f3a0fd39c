package io.tickwire.relay.follow;

import io.tickwire.relay.node.RelayNode;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** A relay in a JVM of its own, for {@code kill -9}: {@code RelayChild UPSTREAM_WS DATA_DIR PORT}. */
public final class RelayChild {
    private RelayChild() {
    }

    public static void main(String[] args) throws Exception {
        RelayNode relay = RelayNode.follow(FollowConfig.of(URI.create(args[0]), null, List.of()),
                FrontDoorConfig.defaults(Integer.parseInt(args[2])), Path.of(args[1]));
        System.out.println("port " + relay.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
