package io.tickwire.server;

import io.tickwire.server.core.CoreConfig;
import io.tickwire.server.gateway.GatewayConfig;
import java.nio.file.Path;

/** Servers for tests: the demo markets on {@code dir}, with small journal segments (1 MiB) so tests stay light. */
public final class TestServers {

    private TestServers() {
    }

    /** A server on {@code dir} with this gateway configuration. */
    public static TickwireServer start(Path dir, GatewayConfig gateway) throws Exception {
        CoreConfig core = CoreConfig.defaults(dir);
        return TickwireServer.start(dir, TickwireServer.demoMarkets(), gateway,
                core.withJournal(core.journal().withSegmentBytes(1 << 20)));
    }

    /** A server on {@code dir} with the default gateway configuration on a free loopback port. */
    public static TickwireServer start(Path dir) throws Exception {
        return start(dir, GatewayConfig.defaults(0));
    }
}
