package io.tickwire.server.gateway;

import io.tickwire.server.TickwireServer;
import io.tickwire.server.auth.Scope;
import io.tickwire.server.core.CoreConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;

/** The process {@link ServerCrashTest} kills: the whole server on a data directory. */
public final class ServerCrashChild {

    private ServerCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        CoreConfig core = CoreConfig.defaults(dir);
        TickwireServer server = TickwireServer.start(dir, TickwireServer.demoMarkets(), GatewayConfig.defaults(0),
                core.withJournal(core.journal().withSegmentBytes(1 << 20)));
        server.fundDemoUsersIfNew();
        System.out.println("port " + server.port());
        System.out.println("token " + server.tokens().issue(1001, EnumSet.of(Scope.READ, Scope.TRADE),
                Duration.ofHours(1)));
        System.out.println("token2 " + server.tokens().issue(1002, EnumSet.of(Scope.READ, Scope.TRADE),
                Duration.ofHours(1)));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
