package io.tickwire.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.Topic;
import io.tickwire.server.TestVenue;
import io.tickwire.server.frontdoor.FrontDoor;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that shuts down says so first ({@code notice} {@code shutdown} with
 * {@code reconnect_after_ms}), and the SDK waits at least that long, its own jitter on top,
 * before it reconnects, even with a backoff of a few milliseconds.
 */
class ShutdownNoticeTest {

    @TempDir
    Path dir;

    @Test
    void theClientIsToldOfAShutdownAndWaitsBeforeItReconnects() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ListenerLog log = new ListenerLog();
        List<SessionEvent> events = log.session;
        try (TestVenue venue = new TestVenue(dir, FrontDoorConfig.defaults(port));
             TickwireClient client = TickwireClient.builder().uri(venue.ws(port))
                     .reconnect(ReconnectPolicy.exponential(Duration.ofMillis(5), Duration.ofMillis(20)).fullJitter())
                     .listener(log)
                     .build()) {
            Subscription trades = client.subscribe(Topic.trades("BTC-USDT"), u -> { });
            client.connect().get(30, TimeUnit.SECONDS);
            trades.ready().get(30, TimeUnit.SECONDS);
            venue.restart(); // a deploy: the server closes, another starts on the same port and data
            await("reconnected").atMost(Duration.ofSeconds(30))
                    .until(() -> events.stream().anyMatch(e -> e instanceof SessionEvent.Reconnected));
            SessionEvent.Notice notice = first(events, SessionEvent.Notice.class);
            assertThat(notice.code()).isEqualTo(ServerMessage.Notice.SHUTDOWN);
            assertThat(notice.reconnectAfterMs()).isEqualTo(FrontDoor.SHUTDOWN_RECONNECT_AFTER_MS);
            SessionEvent.Disconnected lost = first(events, SessionEvent.Disconnected.class);
            assertThat(lost.code()).isEqualTo(1001);
            assertThat(lost.retryInMs()).as("the notice's wait, the backoff's jitter on top")
                    .isBetween(FrontDoor.SHUTDOWN_RECONNECT_AFTER_MS, FrontDoor.SHUTDOWN_RECONNECT_AFTER_MS + 20);
            SessionEvent.Reconnected back = first(events, SessionEvent.Reconnected.class);
            assertThat(back.atMillis() - lost.atMillis()).as("no sooner than asked")
                    .isGreaterThanOrEqualTo(FrontDoor.SHUTDOWN_RECONNECT_AFTER_MS);
        }
    }

    private static <T extends SessionEvent> T first(List<SessionEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + events));
    }
}
