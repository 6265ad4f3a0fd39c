package io.tickwire.server.start;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.engine.command.Command;
import io.tickwire.journal.DirectoryLock;
import io.tickwire.journal.DirectoryLockedException;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.server.TestServers;
import io.tickwire.server.TickwireServer;
import io.tickwire.server.auth.TokenService;
import io.tickwire.server.frontdoor.FrontDoorBindException;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a start does to the data directory when it cannot run: nothing. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServerStartTest {

    @TempDir
    Path dir;

    private static TickwireServer start(Path data, FrontDoorConfig gateway) throws Exception {
        return TestServers.start(data, gateway);
    }

    @Test
    void aSecondServerOnTheSameDataIsRefusedAndTheFirstServesOn() throws Exception {
        try (TickwireServer first = start(dir, FrontDoorConfig.defaults(0))) {
            assertThatThrownBy(() -> start(dir, FrontDoorConfig.defaults(0)))
                    .isInstanceOf(DirectoryLockedException.class)
                    .hasMessageContaining(dir.toAbsolutePath().normalize().toString())
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + first.port() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
        try (TickwireServer again = start(dir, FrontDoorConfig.defaults(0))) {
            assertThat(again.port()).isPositive(); // the lock went with the first server
        }
    }

    @Test
    void aPortInUseIsNamedAndLeavesANewDirectoryWithoutData() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path fresh = dir.resolve("fresh");
            assertThatThrownBy(() -> start(fresh, FrontDoorConfig.defaults(taken.getLocalPort())))
                    .isInstanceOf(FrontDoorBindException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("in use");
            try (Stream<Path> files = Files.list(fresh)) {
                assertThat(files.map(p -> p.getFileName().toString()).toList())
                        .as("no journal, snapshot, fingerprint or secret was written")
                        .containsExactly(DirectoryLock.FILE_NAME);
            }
            // and the lock was given back
            DirectoryLock.acquire(fresh, "test").close();
        }
    }

    @Test
    void aPortInUseLeavesExistingDataExactlyAsItWas() throws Exception {
        try (TickwireServer server = start(dir, FrontDoorConfig.defaults(0))) {
            for (int i = 1; i <= 20; i++) {
                while (!server.core().submit(new Command.Deposit(i, 1001, "USDT", Decimal.parse("1")))) {
                    Thread.onSpinWait();
                }
            }
        }
        Map<String, String> before = listing(dir);
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> start(dir, FrontDoorConfig.defaults(taken.getLocalPort())))
                    .isInstanceOf(FrontDoorBindException.class);
        }
        assertThat(listing(dir)).isEqualTo(before);
    }

    @Test
    void closingNoticesRunBeforeTheGatewayCloses() throws Exception {
        List<String> order = new ArrayList<>();
        TickwireServer server = start(dir, FrontDoorConfig.defaults(0));
        int port = server.port();
        server.onClosing(() -> {
            try {
                HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/health")).build(),
                                HttpResponse.BodyHandlers.ofString());
                order.add("notice saw the gateway answer " + health.statusCode());
            } catch (IOException | InterruptedException e) {
                order.add("notice found the gateway closed");
            }
        });
        server.close();
        server.close(); // once only
        assertThat(order).containsExactly("notice saw the gateway answer 200");
    }

    @Test
    void theServerCreatesTheTokenSecretAndTokenReadsIt() throws Exception {
        assertThatThrownBy(() -> TokenService.forDataDirectory(dir))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(Files.exists(dir.resolve(TokenService.SECRET_FILE))).as("reading created nothing").isFalse();
        try (TickwireServer server = start(dir, FrontDoorConfig.defaults(0))) {
            String token = TokenService.forDataDirectory(dir).issue(1001, Set.of(), Duration.ofMinutes(1));
            assertThat(server.tokens().verify(token)).isInstanceOf(TokenService.Verdict.Valid.class);
        }
    }

    /** Every file under {@code root} but the lock file, with its size and modification time. */
    private static Map<String, String> listing(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                if (!p.getFileName().toString().equals(DirectoryLock.FILE_NAME)) {
                    files.put(root.relativize(p).toString(), Files.size(p) + " " + Files.getLastModifiedTime(p));
                }
            }
        }
        return files;
    }
}
