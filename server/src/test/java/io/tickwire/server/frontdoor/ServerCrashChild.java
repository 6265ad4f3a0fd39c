package io.tickwire.server.frontdoor;

import io.tickwire.server.TestServers;
import io.tickwire.server.TickwireServer;
import io.tickwire.server.auth.Scope;
import io.tickwire.server.demo.DemoVenue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;

/** The process {@link ServerCrashTest} kills: the whole server on a data directory. */
public final class ServerCrashChild {

    private ServerCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        TickwireServer server = TestServers.start(dir);
        DemoVenue.fundUsersIfNew(server.core());
        System.out.println("port " + server.port());
        System.out.println("token " + server.tokens().issue(1001, EnumSet.of(Scope.READ, Scope.TRADE),
                Duration.ofHours(1)));
        System.out.println("token2 " + server.tokens().issue(1002, EnumSet.of(Scope.READ, Scope.TRADE),
                Duration.ofHours(1)));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
