package io.tickwire.server;

import io.tickwire.server.node.BatchTap;
import io.tickwire.server.core.CoreConfig;
import io.tickwire.server.demo.DemoVenue;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Servers for tests, the one place that writes a test server's setup: the demo markets on a
 * directory, small journal segments (1 MiB) so tests stay light, a free loopback port. Static
 * {@link #start} for a server the test closes itself; as a JUnit extension
 * ({@code @RegisterExtension final TestServers servers = new TestServers();}), {@link #open} closes
 * what it started after each test. Shared with the SDK's and the CLI's tests through the server's
 * test jar (see {@code io.tickwire.testkit} for why it is not in the testkit).
 */
public final class TestServers implements AfterEachCallback {
    /** The journal segment size of test servers. */
    public static final int SEGMENT_BYTES = 1 << 20;

    private final List<TickwireServer> started = new ArrayList<>();

    /** A server on {@code dir} with this gateway configuration and a core configuration adjusted by {@code core}. */
    public static TickwireServer start(Path dir, FrontDoorConfig gateway, UnaryOperator<CoreConfig> core)
            throws Exception {
        return start(dir, gateway, core, List.of());
    }

    /** A server on {@code dir} with {@code taps} following its durable batches; the test closes it. */
    public static TickwireServer start(Path dir, FrontDoorConfig gateway, UnaryOperator<CoreConfig> core,
                                       List<BatchTap> taps) throws Exception {
        CoreConfig defaults = CoreConfig.defaults(dir);
        defaults = defaults.withJournal(defaults.journal().withSegmentBytes(SEGMENT_BYTES));
        return TickwireServer.start(dir, DemoVenue.markets(), gateway, core.apply(defaults), taps);
    }

    /** A server on {@code dir} with this gateway configuration; the test closes it. */
    public static TickwireServer start(Path dir, FrontDoorConfig gateway) throws Exception {
        return start(dir, gateway, UnaryOperator.identity());
    }

    /** A server on {@code dir} with the default gateway configuration; the test closes it. */
    public static TickwireServer start(Path dir) throws Exception {
        return start(dir, FrontDoorConfig.defaults(0));
    }

    /** A core configuration change: journal segments of {@code bytes}, for tests that write more than a few MiB. */
    public static UnaryOperator<CoreConfig> segmentBytes(int bytes) {
        return core -> core.withJournal(core.journal().withSegmentBytes(bytes));
    }

    /** A server on {@code dir}, closed after the test. */
    public TickwireServer open(Path dir, FrontDoorConfig gateway) throws Exception {
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
