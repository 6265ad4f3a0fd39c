package io.tickwire.server;

import io.tickwire.server.core.CoreConfig;
import io.tickwire.server.gateway.GatewayConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Servers for tests: the demo markets on a directory, with small journal segments (1 MiB) so tests
 * stay light, on a free loopback port. Static {@link #start} for a server the test closes itself;
 * as a JUnit extension ({@code @RegisterExtension final TestServers servers = new TestServers();}),
 * {@link #open} closes what it started after each test.
 */
public final class TestServers implements AfterEachCallback {
    private final List<TickwireServer> started = new ArrayList<>();

    /** A server on {@code dir} with this gateway configuration; the test closes it. */
    public static TickwireServer start(Path dir, GatewayConfig gateway) throws Exception {
        CoreConfig core = CoreConfig.defaults(dir);
        return TickwireServer.start(dir, TickwireServer.demoMarkets(), gateway,
                core.withJournal(core.journal().withSegmentBytes(1 << 20)));
    }

    /** A server on {@code dir} with the default gateway configuration; the test closes it. */
    public static TickwireServer start(Path dir) throws Exception {
        return start(dir, GatewayConfig.defaults(0));
    }

    /** A server on {@code dir}, closed after the test. */
    public TickwireServer open(Path dir, GatewayConfig gateway) throws Exception {
        TickwireServer server = start(dir, gateway);
        started.add(server);
        return server;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(TickwireServer::close);
        started.clear();
    }
}
