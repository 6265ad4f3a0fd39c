package io.tickwire.server.frontdoor;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.engine.command.Command;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.ErrorCode;
import io.tickwire.protocol.message.GapReason;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.protocol.message.TimeInForce;
import io.tickwire.server.TestServers;
import io.tickwire.server.TickwireServer;
import io.tickwire.server.auth.Scope;
import io.tickwire.testkit.ws.WsTestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Resume after 1,000 missed events, a cursor older than what is served, token expiry, several connections. */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // an end-to-end test that hangs fails instead
class ResumeEndToEndTest {

    @TempDir
    Path dir;
    TickwireServer server;
    long request = 1;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(dir, FrontDoorConfig.defaults(0), TestServers.segmentBytes(4 << 20));
        server.core().submit(new Command.Deposit(request++, 9001, "USDT", Decimal.parse("1000000000")));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** {@code count} resting bids at distinct prices: one book.delta each. */
    private void bids(int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            Command bid = new Command.Place(request++, 9001, "BTC-USDT", Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
                    Decimal.of(1_000_000 + i, 2), Decimal.parse("0.0001"), null);
            while (!server.core().submit(bid)) {
                Thread.sleep(1);
            }
        }
    }

    /** Waits until the book stream holds at least {@code seq} durable events; returns its head. */
    private long awaitHead(long seq) {
        // Durable is not enough: the hub must have published it too, so that a resume sees it.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> server.hub().book("BTC-USDT").get().seq() >= seq);
        return server.hub().book("BTC-USDT").join().seq();
    }

    @Test
    void aClientThatMissedAThousandEventsGetsExactlyThoseInOrder() throws Exception {
        StreamEvent snapshot;
        try (WsTestClient first = WsTestClient.connect(server.port(), null)) {
            first.send("{\"type\":\"subscribe\",\"topic\":\"book.BTC-USDT\"}");
            snapshot = first.awaitEvent("book.snapshot");
        }
        bids(1000);
        long head = awaitHead(snapshot.seq() + 1000);
        assertThat(head - snapshot.seq()).isEqualTo(1000);
        try (WsTestClient back = WsTestClient.connect(server.port(), null)) {
            back.send("{\"type\":\"subscribe\",\"id\":2,\"topic\":\"book.BTC-USDT\",\"since\":{\"epoch\":\""
                    + snapshot.epoch() + "\",\"seq\":" + snapshot.seq() + "}}");
            ServerMessage.Subscribed subscribed = back.await(ServerMessage.Subscribed.class);
            assertThat(subscribed.recovered()).isTrue();
            assertThat(subscribed.seq()).isEqualTo(head);
            for (long seq = snapshot.seq() + 1; seq <= head; seq++) {
                StreamEvent delta = back.awaitEvent("book.delta");
                assertThat(delta.seq()).isEqualTo(seq);
            }
            assertThat(back.next(300)).as("nothing more, nothing twice").isNull();
        }
    }

    @Test
    void aCursorOlderThanWhatIsServedGetsRecoveredFalseAGapAndASnapshot() throws Exception {
        bids(10_050);
        long head = awaitHead(10_050);
        try (WsTestClient old = WsTestClient.connect(server.port(), null)) {
            old.send("{\"type\":\"subscribe\",\"id\":3,\"topic\":\"book.BTC-USDT\",\"since\":{\"epoch\":\""
                    + server.core().journal().epoch() + "\",\"seq\":1}}");
            assertThat(old.<ServerMessage.Subscribed>await(ServerMessage.Subscribed.class).recovered()).isFalse();
            ServerMessage.Gap gap = old.await(ServerMessage.Gap.class);
            assertThat(gap.reason()).isEqualTo(GapReason.RETENTION);
            assertThat(gap.fromSeq()).isEqualTo(2L);
            assertThat(gap.toSeq()).isEqualTo(head);
            assertThat(old.awaitEvent("book.snapshot").seq()).isEqualTo(head);
        }
    }

    @Test
    void everyConnectionOfAUserGetsItsAccountEvents() throws Exception {
        String token = server.tokens().issue(9001, EnumSet.of(Scope.READ, Scope.TRADE), Duration.ofHours(1));
        try (WsTestClient phone = WsTestClient.connect(server.port(), token);
             WsTestClient desktop = WsTestClient.connect(server.port(), token)) {
            for (WsTestClient c : new WsTestClient[] {phone, desktop}) {
                c.send("{\"type\":\"subscribe\",\"topic\":\"account\"}");
                c.awaitEvent("account.snapshot");
            }
            phone.send("{\"type\":\"order.place\",\"market\":\"BTC-USDT\",\"side\":\"buy\",\"order_type\":\"limit\","
                    + "\"tif\":\"gtc\",\"price\":\"1.00\",\"qty\":\"0.001\"}");
            StreamEvent onPhone = phone.awaitEvent("order.update");
            StreamEvent onDesktop = desktop.awaitEvent("order.update");
            assertThat(onDesktop.seq()).isEqualTo(onPhone.seq());
            assertThat(onDesktop.data()).isEqualTo(onPhone.data());
        }
    }

    @Test
    void anExpiredTokenIsRefusedBothWays() throws Exception {
        String expired = server.tokens().issue(9001, EnumSet.of(Scope.READ), Duration.ofSeconds(-60));
        assertThatThrownBy(() -> WsTestClient.connect(server.port(), expired)).hasStackTraceContaining("401");
        try (WsTestClient c = WsTestClient.connect(server.port(), null)) {
            c.send("{\"type\":\"auth\",\"id\":1,\"token\":\"" + expired + "\"}");
            ServerMessage.ErrorMessage error = c.await(ServerMessage.ErrorMessage.class);
            assertThat(error.errorCode()).isEqualTo(ErrorCode.UNAUTHORIZED);
            assertThat(error.message()).contains("expired");
            assertThat(c.awaitClose()).isEqualTo(4001);
        }
    }
}
