package io.tickwire.server.frontdoor;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.protocol.book.BookChecksum;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.ErrorCode;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Level;
import io.tickwire.protocol.message.OrderStatus;
import io.tickwire.protocol.message.ReceiptStatus;
import io.tickwire.protocol.message.Role;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.server.TestServers;
import io.tickwire.server.TickwireServer;
import io.tickwire.server.auth.Scope;
import io.tickwire.server.demo.DemoVenue;
import io.tickwire.testkit.ws.WsTestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real server on an ephemeral port, real WebSocket clients. */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // an end-to-end test that hangs fails instead
class FrontDoorEndToEndTest {

    @TempDir
    Path dir;
    TickwireServer server;
    String alice;
    String bob;

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(dir);
        DemoVenue.fundUsersIfNew(server.core());
        alice = server.tokens().issue(1001, EnumSet.of(Scope.READ, Scope.TRADE), Duration.ofHours(1));
        bob = server.tokens().issue(1002, EnumSet.of(Scope.READ, Scope.TRADE), Duration.ofHours(1));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String place(int id, String side, String price, String qty) {
        return "{\"type\":\"order.place\",\"id\":" + id + ",\"market\":\"BTC-USDT\",\"side\":\"" + side
                + "\",\"order_type\":\"limit\",\"tif\":\"gtc\",\"price\":\"" + price + "\",\"qty\":\"" + qty + "\"}";
    }

    @Test
    void twoUsersTradeAndEachReceivesTheirOrderUpdateTradeAndBalances() throws Exception {
        try (WsTestClient a = WsTestClient.connect(server.port(), alice);
             WsTestClient b = WsTestClient.connect(server.port(), bob)) {
            assertThat(a.await(ServerMessage.AuthOk.class).userId()).isEqualTo("1001");
            b.await(ServerMessage.AuthOk.class);
            a.send("{\"type\":\"subscribe\",\"id\":1,\"topic\":\"account\"}");
            b.send("{\"type\":\"subscribe\",\"id\":1,\"topic\":\"account\"}");
            StreamEvent snapshot = a.awaitEvent("account.snapshot");
            assertThat(((EventPayload.AccountSnapshot) snapshot.data()).balances())
                    .extracting(x -> x.asset() + "=" + x.avail()).contains("BTC=10.00000000");
            b.awaitEvent("account.snapshot");

            a.send(place(10, "sell", "85000.00", "0.5"));
            ServerMessage.Ack ack = a.await(ServerMessage.Ack.class);
            assertThat(ack.id()).isEqualTo(10L);
            ServerMessage.Receipt receipt = a.await(ServerMessage.Receipt.class);
            assertThat(receipt.status()).isEqualTo(ReceiptStatus.ACCEPTED);
            assertThat(receipt.requestId()).isEqualTo(ack.requestId());

            b.send(place(11, "buy", "85010.00", "0.2"));
            assertThat(b.await(ServerMessage.Receipt.class).status()).isEqualTo(ReceiptStatus.ACCEPTED);
            StreamEvent bobFill = b.awaitEvent("trade");
            assertThat(((EventPayload.Trade) bobFill.data()).role()).isEqualTo(Role.TAKER);
            StreamEvent bobOrder = b.await(m -> m instanceof StreamEvent e
                    && e.data() instanceof EventPayload.OrderUpdate u
                    && u.order().status() == OrderStatus.FILLED);
            assertThat(bobOrder.topic().name()).isEqualTo("account");
            b.await(m -> m instanceof StreamEvent e && e.data() instanceof EventPayload.BalanceUpdate u
                    && u.balance().asset().equals("BTC") && u.balance().avail().toString().equals("10.20000000"));
            StreamEvent aliceFill = a.awaitEvent("trade");
            assertThat(((EventPayload.Trade) aliceFill.data()).role()).isEqualTo(Role.MAKER);
            a.await(m -> m instanceof StreamEvent e && e.data() instanceof EventPayload.BalanceUpdate u
                    && u.balance().asset().equals("USDT") && u.balance().avail().toString().equals("1016983.00000000"));
            // Nobody sees another user's account events, and account seqs are dense per user.
            assertThat(a.seen()).noneMatch(m -> m instanceof StreamEvent e && e.data() instanceof EventPayload.Trade t
                    && t.role() == Role.TAKER);
            assertDense(a.seen());
            assertDense(b.seen());
        }
    }

    private static void assertDense(List<ServerMessage> messages) {
        long last = -1;
        for (ServerMessage m : messages) {
            if (m instanceof StreamEvent e && e.topic().name().equals("account")) {
                if (last >= 0) {
                    assertThat(e.seq()).isEqualTo(last + 1);
                }
                last = e.seq();
            }
        }
    }

    @Test
    @SuppressWarnings("try") // the viewer is closed in the middle, as a dropped client would be, then resumes
    void aBookFromSnapshotPlusDeltasMatchesEveryChecksumAndResumesExactly() throws Exception {
        try (WsTestClient a = WsTestClient.connect(server.port(), alice);
             WsTestClient viewer = WsTestClient.connect(server.port(), null)) {
            a.await(ServerMessage.AuthOk.class);
            viewer.send("{\"type\":\"subscribe\",\"id\":5,\"topic\":\"book.BTC-USDT\"}");
            ServerMessage.Subscribed subscribed = viewer.await(ServerMessage.Subscribed.class);
            StreamEvent snapshot = viewer.awaitEvent("book.snapshot");
            assertThat(snapshot.seq()).isEqualTo(subscribed.seq());
            TreeMap<Decimal, Decimal> asks = new TreeMap<>();
            for (int i = 0; i < 5; i++) {
                a.send(place(20 + i, "sell", (85000 + i) + ".00", "0.01"));
            }
            long seq = snapshot.seq();
            for (int i = 0; i < 5; i++) {
                StreamEvent delta = viewer.awaitEvent("book.delta");
                assertThat(delta.seq()).isEqualTo(++seq);
                var d = (EventPayload.BookDelta) delta.data();
                d.changes().forEach(c -> asks.put(c.price(), c.qty()));
                List<Level> levels = new ArrayList<>();
                asks.forEach((p, q) -> levels.add(new Level(p, q)));
                assertThat(BookChecksum.of(List.of(), levels)).isEqualTo(d.checksum());
            }
            viewer.close();

            // Three more deltas while the viewer is away; then it resumes from its cursor.
            for (int i = 0; i < 3; i++) {
                a.send(place(30 + i, "sell", (86000 + i) + ".00", "0.01"));
            }
            long away = seq + 3;
            await().atMost(Duration.ofSeconds(10)).until(() -> server.hub().book("BTC-USDT").get().seq() >= away);
            try (WsTestClient back = WsTestClient.connect(server.port(), null)) {
                back.send("{\"type\":\"subscribe\",\"id\":6,\"topic\":\"book.BTC-USDT\",\"since\":{\"epoch\":\""
                        + snapshot.epoch() + "\",\"seq\":" + seq + "}}");
                ServerMessage.Subscribed resumed = back.await(ServerMessage.Subscribed.class);
                assertThat(resumed.recovered()).isTrue();
                for (int i = 0; i < 3; i++) {
                    assertThat(back.awaitEvent("book.delta").seq()).isEqualTo(++seq);
                }
                assertThat(back.seen()).noneMatch(m -> m instanceof StreamEvent e && e.type().equals("book.snapshot"));
            }
            try (WsTestClient stale = WsTestClient.connect(server.port(), null)) {
                stale.send("{\"type\":\"subscribe\",\"id\":7,\"topic\":\"book.BTC-USDT\",\"since\":{\"epoch\":\"old\""
                        + ",\"seq\":3}}");
                assertThat(stale.await(ServerMessage.Subscribed.class).recovered()).isFalse();
                assertThat(stale.await(ServerMessage.Gap.class).reason().wire()).isEqualTo("epoch_changed");
                assertThat(stale.awaitEvent("book.snapshot").seq()).isEqualTo(seq);
            }
        }
    }

    @Test
    void badInputGetsErrorsAndTheConnectionStaysOpen() throws Exception {
        String readOnly = server.tokens().issue(1001, EnumSet.of(Scope.READ), Duration.ofHours(1));
        try (WsTestClient c = WsTestClient.connect(server.port(), readOnly)) {
            c.await(ServerMessage.AuthOk.class);
            c.send("{not json");
            assertThat(c.<ServerMessage.ErrorMessage>await(ServerMessage.ErrorMessage.class).code()).isEqualTo(
                    "bad_request");
            c.send("{\"type\":\"subscribe\",\"id\":2,\"topic\":\"book.DOGE-USDT\"}");
            assertThat(c.<ServerMessage.ErrorMessage>await(ServerMessage.ErrorMessage.class).errorCode())
                    .isEqualTo(ErrorCode.UNKNOWN_TOPIC);
            c.send(place(3, "buy", "1.00", "1"));
            ServerMessage.ErrorMessage forbidden = c.await(ServerMessage.ErrorMessage.class);
            assertThat(forbidden.errorCode()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(forbidden.id()).isEqualTo(3L);
            c.send("{\"type\":\"order.replace\",\"id\":4}");
            assertThat(c.<ServerMessage.ErrorMessage>await(ServerMessage.ErrorMessage.class).id()).isEqualTo(4L);
            c.send("{\"type\":\"ping\",\"id\":9}");
            assertThat(c.<ServerMessage.Pong>await(ServerMessage.Pong.class).id()).isEqualTo(9L);
        }
        try (WsTestClient anonymous = WsTestClient.connect(server.port(), null)) {
            anonymous.send("{\"type\":\"subscribe\",\"id\":1,\"topic\":\"account\"}");
            assertThat(anonymous.<ServerMessage.ErrorMessage>await(ServerMessage.ErrorMessage.class).errorCode())
                    .isEqualTo(ErrorCode.UNAUTHORIZED);
            anonymous.send("{\"type\":\"auth\",\"id\":2,\"token\":\"" + alice + "\"}");
            assertThat(anonymous.<ServerMessage.AuthOk>await(ServerMessage.AuthOk.class).id()).isEqualTo(2L);
        }
        try (WsTestClient forged = WsTestClient.connect(server.port(), null)) {
            forged.send("{\"type\":\"auth\",\"token\":\"" + alice.substring(0, alice.length() - 3) + "abc\"}");
            forged.await(ServerMessage.ErrorMessage.class);
            long deadline = System.currentTimeMillis() + 5000;
            while (forged.closeCode() == -1 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(forged.closeCode()).isEqualTo(4001);
        }
        assertThatThrownBy(() -> WsTestClient.connect(server.port(), "not-a-token"))
                .hasStackTraceContaining("401");
    }

    @Test
    void shutdownTellsClientsTheServerIsGoingAway() throws Exception {
        WsTestClient c = WsTestClient.connect(server.port(), alice);
        c.await(ServerMessage.AuthOk.class);
        server.close();
        long deadline = System.currentTimeMillis() + 5000;
        while (c.closeCode() == -1 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(c.closeCode()).isEqualTo(1001);
        server = TestServers.start(dir);
    }
}
