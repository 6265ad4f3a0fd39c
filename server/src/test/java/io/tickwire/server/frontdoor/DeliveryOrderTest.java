package io.tickwire.server.frontdoor;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.server.TestServers;
import io.tickwire.server.TickwireServer;
import io.tickwire.server.auth.Scope;
import io.tickwire.server.demo.DemoVenue;
import io.tickwire.testkit.ws.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On one event loop shared by everyone: a burst of pipelined orders, each answered ack, then
 * receipt, then its events, in that order, while a client that never reads sits on the same loop
 * and a third client follows the book densely.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DeliveryOrderTest {
    private static final int ORDERS = 300;

    @TempDir
    Path dir;

    @Test
    void ackThenReceiptThenEventsForEveryOrderOnASharedLoop() throws Exception {
        FrontDoorConfig oneLoop = FrontDoorConfig.defaults(0).withIoThreads(1).withMessagesPerSecond(100_000);
        try (TickwireServer server = TestServers.start(dir, oneLoop)) {
            DemoVenue.fundUsersIfNew(server.core());
            String alice = server.tokens().issue(1001, EnumSet.of(Scope.READ, Scope.TRADE), Duration.ofHours(1));
            // A client that subscribes and then never reads a byte: its backlog grows on the shared loop.
            CompletableFuture<WebSocket> stalled = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), new WebSocket.Listener() {
                        @Override
                        public void onOpen(WebSocket webSocket) {
                            // request nothing: never read
                        }

                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            return null;
                        }
                    });
            stalled.get(10, TimeUnit.SECONDS).sendText("{\"type\":\"subscribe\",\"topic\":\"book.BTC-USDT\"}", true)
                    .join();
            try (WsTestClient trader = WsTestClient.connect(server.port(), alice);
                 WsTestClient watcher = WsTestClient.connect(server.port(), null)) {
                trader.await(ServerMessage.AuthOk.class);
                trader.send("{\"type\":\"subscribe\",\"id\":1,\"topic\":\"account\"}");
                trader.awaitEvent("account.snapshot");
                watcher.send("{\"type\":\"subscribe\",\"id\":1,\"topic\":\"book.BTC-USDT\"}");
                StreamEvent snapshot = watcher.awaitEvent("book.snapshot");

                for (int i = 1; i <= ORDERS; i++) {
                    trader.send("{\"type\":\"order.place\",\"id\":" + (100 + i)
                            + ",\"market\":\"BTC-USDT\",\"side\":\"buy\","
                            + "\"order_type\":\"limit\",\"tif\":\"gtc\",\"price\":\"" + (40000 + i)
                                    + ".00\",\"qty\":\"0.001\","
                            + "\"client_order_id\":\"o" + i + "\"}");
                }
                trader.await(m -> m instanceof StreamEvent e && e.data() instanceof EventPayload.OrderUpdate u
                        && ("o" + ORDERS).equals(u.order().clientOrderId()));

                Map<String, Integer> firstSeen = new HashMap<>();
                List<ServerMessage> seen = trader.seen();
                for (int k = 0; k < seen.size(); k++) {
                    ServerMessage m = seen.get(k);
                    String key = switch (m) {
                        case ServerMessage.Ack a -> "ack " + a.id();
                        case ServerMessage.Receipt r -> "receipt " + r.id();
                        case StreamEvent e when e.data() instanceof EventPayload.OrderUpdate u
                                && u.order().clientOrderId() != null -> "update " + (100 + Long.parseLong(
                                u.order().clientOrderId().substring(1)));
                        default -> null;
                    };
                    if (key != null) {
                        firstSeen.putIfAbsent(key, k);
                    }
                }
                for (int i = 1; i <= ORDERS; i++) {
                    int id = 100 + i;
                    assertThat(firstSeen).as("order " + id).containsKeys("ack " + id, "receipt " + id, "update " + id);
                    assertThat(firstSeen.get("ack " + id)).as("ack before receipt, order " + id)
                            .isLessThan(firstSeen.get("receipt " + id));
                    assertThat(firstSeen.get("receipt " + id)).as("receipt before its events, order " + id)
                            .isLessThan(firstSeen.get("update " + id));
                }

                // The watcher on the same loop saw every book delta after its snapshot, dense.
                long head = server.core().journal().lastSeq("book.BTC-USDT");
                long seq = snapshot.seq();
                while (seq < head) {
                    StreamEvent delta = watcher.awaitEvent("book.delta");
                    assertThat(delta.seq()).isEqualTo(seq + 1);
                    seq = delta.seq();
                }
            } finally {
                stalled.get().abort();
            }
        }
    }
}
