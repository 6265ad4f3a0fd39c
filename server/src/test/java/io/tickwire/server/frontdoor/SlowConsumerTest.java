package io.tickwire.server.frontdoor;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.codec.JsonCodec;
import io.tickwire.engine.command.Command;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.protocol.message.TimeInForce;
import io.tickwire.server.TestServers;
import io.tickwire.server.TickwireServer;
import io.tickwire.server.auth.Scope;
import io.tickwire.testkit.ws.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 100,000 events flow while two clients stop reading: the book subscriber is conflated (it loses
 * deltas, not its connection), the account subscriber is closed with 4008 (it resumes from its
 * cursor), and a client that keeps reading gets every event, in order: on one shared event loop
 * as much as spread over several.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // an end-to-end test that hangs fails instead
class SlowConsumerTest {
    private static final JsonCodec CODEC = new JsonCodec();

    @TempDir
    Path dir;

    /** A client that stops asking for frames while {@code reading} is false: the socket backs up. */
    static final class StallingClient implements WebSocket.Listener {
        final AtomicBoolean reading = new AtomicBoolean(true);
        final List<ServerMessage> received = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        volatile WebSocket socket;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(CODEC.decodeServer(partial.toString()).orThrow());
                partial.setLength(0);
            }
            if (reading.get()) {
                webSocket.request(1);
            }
            return null;
        }

        void resume() {
            reading.set(true);
            socket.request(Long.MAX_VALUE);
        }
    }

    private static StallingClient stalling(int port, String subscribe, String token) throws Exception {
        StallingClient listener = new StallingClient();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        listener.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), listener)
                .get(10, TimeUnit.SECONDS);
        listener.socket.sendText(subscribe, true).join();
        long deadline = System.currentTimeMillis() + 5000;
        while (listener.received.size() < (token == null ? 2 : 3) && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        listener.reading.set(false); // stop reading from here on
        return listener;
    }

    /**
     * With one event loop every client shares it, so the steady client's frames leave through the
     * same loop that holds two stalled clients' backlogs; with Netty's default the clients spread.
     */
    @ParameterizedTest(name = "io threads {0} (0: Netty's default)")
    @ValueSource(ints = {1, 0})
    void aClientThatStopsReadingHurtsOnlyItself(int ioThreads) throws Exception {
        // 8 MiB per client: ~15 MB of deltas overflow it
        FrontDoorConfig gateway = FrontDoorConfig.defaults(0).withIoThreads(ioThreads);
        try (TickwireServer server = TestServers.start(dir, gateway, TestServers.segmentBytes(8 << 20));
             WsTestClient steady = WsTestClient.connect(server.port(), null)) {
            long request = 1;
            for (long user : new long[] {7001, 7002}) {
                server.core().submit(new Command.Deposit(request++, user, "BTC", Decimal.parse("1000000")));
                server.core().submit(new Command.Deposit(request++, user, "USDT", Decimal.parse("1000000000")));
            }
            steady.send("{\"type\":\"subscribe\",\"topic\":\"book.BTC-USDT\"}");
            StreamEvent snapshot = steady.awaitEvent("book.snapshot");
            StallingClient slowBook = stalling(server.port(), "{\"type\":\"subscribe\",\"topic\":\"book.BTC-USDT\"}",
                    null);
            // The account stream must not lose events: a stalled subscriber is closed instead (4008).
            String token = server.tokens().issue(7001, EnumSet.of(Scope.READ),
                    Duration.ofHours(1));
            StallingClient slowAccount = stalling(server.port(), "{\"type\":\"subscribe\",\"topic\":\"account\"}",
                    token);

            // 100,000 commands at about 5,000/s (a rate a healthy client follows even when the test
            // shares its 2 cores with other work: at 10,000/s a starved JDK client fell behind on its
            // own): resting orders on many levels, and crossing ones that trade. The stalled clients
            // get the same ~15 MB either way.
            long started = System.nanoTime();
            for (int i = 0; i < 100_000; i++) {
                if (i % 500 == 0) {
                    long due = started + i * 200_000L;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                boolean buy = i % 2 == 0;
                long price = buy ? 8_499_000 + (i % 500) : 8_499_400 + (i % 500);
                Command order = new Command.Place(request++, buy ? 7001 : 7002, "BTC-USDT", buy ? Side.BUY : Side.SELL,
                        OrderType.LIMIT, TimeInForce.GTC, Decimal.of(price, 2), Decimal.of(1000 + i % 7, 6), null);
                while (!server.core().submit(order)) {
                    Thread.onSpinWait();
                }
            }
            // The steady client receives every delta, dense, to the end.
            long seq = snapshot.seq();
            long head;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            do {
                ServerMessage m = steady.received().poll(1, TimeUnit.SECONDS);
                if (m instanceof StreamEvent e && e.data() instanceof EventPayload.BookInvalidated) {
                    throw new AssertionError("the steady client was conflated at seq " + seq + ", "
                            + (System.nanoTime() - started) / 1_000_000 + " ms into the flow");
                }
                if (m instanceof StreamEvent e && e.data() instanceof EventPayload.BookDelta) {
                    assertThat(e.seq()).isEqualTo(seq + 1);
                    seq = e.seq();
                }
                head = server.core().journal().lastSeq("book.BTC-USDT");
            } while ((seq < head || server.core().journal().lastBatch() == 0) && System.nanoTime() < deadline);
            assertThat(seq).as("steady client caught up with every delta").isEqualTo(head);
            var heads = server.core().journal().lastSeqs();
            long events = heads.getOrDefault("book.BTC-USDT", 0L) + heads.getOrDefault("trades.BTC-USDT", 0L)
                    + heads.getOrDefault("account:7001", 0L) + heads.getOrDefault("account:7002", 0L);
            assertThat(events).as("events that flowed").isGreaterThan(100_000);

            String metrics = server.metricsText();
            assertThat(counter(metrics,
                    "tickwire_book_conflations_total")).as("book conflated").isGreaterThanOrEqualTo(1);
            assertThat(counter(metrics, "tickwire_slow_consumer_closes_total")).as("account client closed")
                    .isGreaterThanOrEqualTo(1);

            // The conflated client, reading again: book.invalidated, a snapshot, then dense deltas.
            slowBook.resume();
            long wait = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < wait && slowBook.received.stream().noneMatch(m ->
                    m instanceof StreamEvent e && e.type().equals("book.snapshot") && e.seq() > snapshot.seq())) {
                Thread.sleep(20);
            }
            List<ServerMessage> got = slowBook.received;
            int invalidated = indexOf(got, "book.invalidated");
            assertThat(invalidated).as("book.invalidated arrived").isPositive();
            int resnapshot = -1;
            for (int i = invalidated; i < got.size(); i++) {
                if (got.get(i) instanceof StreamEvent e && e.type().equals("book.snapshot")) {
                    resnapshot = i;
                    break;
                }
            }
            assertThat(resnapshot).as("a fresh snapshot after the invalidation").isGreaterThan(invalidated);
            for (int i = invalidated + 1; i < resnapshot; i++) {
                assertThat(got.get(i) instanceof StreamEvent e && e.type().equals("book.delta"))
                        .as("no delta between invalidation and snapshot").isFalse();
            }
            // Still connected: it answers a ping.
            slowBook.socket.sendText("{\"type\":\"ping\",\"id\":77}", true).join();
            long pingWait = System.currentTimeMillis() + 5000;
            while (System.currentTimeMillis() < pingWait
                    && slowBook.received.stream().noneMatch(m -> m instanceof ServerMessage.Pong)) {
                Thread.sleep(20);
            }
            assertThat(slowBook.received).anyMatch(m -> m instanceof ServerMessage.Pong);
        }
    }

    private static int indexOf(List<ServerMessage> messages, String type) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i) instanceof StreamEvent e && e.type().equals(type)) {
                return i;
            }
        }
        return -1;
    }

    private static double counter(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
