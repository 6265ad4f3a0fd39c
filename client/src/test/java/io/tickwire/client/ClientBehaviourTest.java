package io.tickwire.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.client.order.CommandStatus;
import io.tickwire.client.order.PlaceOrder;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.Topic;
import io.tickwire.server.TestVenue;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Building, closing, refusals, and listeners too slow for their stream. */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // an end-to-end test that hangs fails instead
class ClientBehaviourTest {

    @TempDir
    Path dir;

    @Test
    void onlyWsAndWssUrisAreAccepted() {
        assertThatThrownBy(() -> TickwireClient.builder().uri(URI.create("http://localhost:8080/ws")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ws:// or wss://");
        assertThatThrownBy(() -> TickwireClient.builder().uri(URI.create("localhost:8080")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TickwireClient.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("uri(");
        assertThatThrownBy(() -> TickwireClient.builder().listenerQueueCapacity(1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PlaceOrder.limit("BTC-USDT", Side.BUY, "1e5", "0.001"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("price \"1e5\"");
        assertThatThrownBy(() -> PlaceOrder.limit("BTC-USDT", Side.BUY, "1.00", "0.001").withClientOrderId("a b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("client_order_id");
    }

    @Test
    void closeStopsPromptlyEvenWhileReconnecting() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        ListenerLog log = new ListenerLog();
        List<SessionEvent> events = log.session;
        TickwireClient client = TickwireClient.builder().uri(URI.create("ws://127.0.0.1:" + deadPort + "/ws"))
                .reconnect(ReconnectPolicy.exponential(Duration.ofMillis(10), Duration.ofMillis(50)))
                .listener(log)
                .build();
        client.connect();
        Recorder.await("a failed attempt", 5_000, () -> !events.isEmpty());
        assertThat(client.connectionState().status()).isEqualTo(ConnectionStatus.CONNECTING);
        assertThat(events.get(0)).isInstanceOf(SessionEvent.Disconnected.class);

        long start = System.nanoTime();
        client.close();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3_000);
        assertThat(client.connectionState().status()).isEqualTo(ConnectionStatus.CLOSED);
        assertThat(log.states).as("the listener is told before it stops").containsExactly(ConnectionStatus.CLOSED);
        assertThat(client.placeOrder(PlaceOrder.market("BTC-USDT", Side.BUY, "0.001")).resolved()
                .get(1, TimeUnit.SECONDS).status()).isEqualTo(CommandStatus.NOT_EXECUTED);
        assertThatThrownBy(() -> client.subscribe(Topic.trades("BTC-USDT"), u -> { }))
                .isInstanceOf(IllegalStateException.class);
        client.close(); // idempotent
    }

    @Test
    void aRefusedTokenClosesTheClientWithAnError() throws Exception {
        ListenerLog log = new ListenerLog();
        List<SessionEvent> events = log.session;
        try (TestVenue venue = new TestVenue(dir);
             TickwireClient client = TickwireClient.builder().uri(venue.ws(venue.port())).token("not-a-jwt")
                     .listener(log).build()) {
            client.connect();
            Recorder.await("closed", 10_000, () -> client.connectionState().status() == ConnectionStatus.CLOSED);
            Recorder.await("the error", 5_000, () -> !events.isEmpty());
            assertThat(events).singleElement().isInstanceOfSatisfying(SessionEvent.Error.class,
                    e -> assertThat(e.message()).contains("401"));
            Recorder.await("the state", 5_000, () -> !log.states.isEmpty());
            assertThat(log.states).containsExactly(ConnectionStatus.CLOSED);
        }
    }

    @Test
    void aSubscriptionTwiceOrAnUnknownTopicIsRefusedClearly() throws Exception {
        ListenerLog log = new ListenerLog();
        List<SessionEvent> events = log.session;
        try (TestVenue venue = new TestVenue(dir);
             TickwireClient client = TickwireClient.builder().uri(venue.ws(venue.port())).listener(log).build()) {
            client.connect();
            client.subscribe(Topic.trades("BTC-USDT"), u -> { });
            assertThatThrownBy(() -> client.subscribe(Topic.trades("BTC-USDT"), u -> { }))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("subscribed already");
            client.subscribe(Topic.trades("DOGE-USDT"), u -> { });
            Recorder.await("the refusal", 10_000, () -> events.stream().anyMatch(SessionEvent.Error.class::isInstance));
            assertThat(events).filteredOn(SessionEvent.Error.class::isInstance).singleElement()
                    .extracting(e -> ((SessionEvent.Error) e).message()).asString()
                    .contains("trades.DOGE-USDT refused: unknown_topic");
            // A book is had by subscribing to it; one the server refuses is never valid and serves nothing.
            BookSubscription nope = client.subscribe(Topic.book("NOPE-USDT"), u -> { });
            assertThatThrownBy(() -> nope.ready().get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("unknown_topic");
            assertThat(nope.book().isValid()).isFalse();
            assertThat(nope.book().view(10).bids()).isEmpty();
            assertThat(nope.book().bestAsk()).isEmpty();
        }
    }

    @Test
    void aSlowListenerLagsThenGetsEveryEventAgainInOrder() throws Exception {
        ListenerLog log = new ListenerLog();
        List<SessionEvent> events = log.session;
        try (TestVenue venue = new TestVenue(dir);
             TickwireClient client = TickwireClient.builder().uri(venue.ws(venue.port()))
                     .token(venue.token(TestVenue.BUYER)).listenerQueueCapacity(16).listener(log).build()) {
            client.connect();
            Recorder trades = new Recorder() {
                @Override
                public synchronized void accept(Update update) {
                    super.accept(update);
                    try {
                        Thread.sleep(1); // slower than the stream
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            Recorder slowBook = new Recorder() {
                @Override
                public synchronized void accept(Update update) {
                    super.accept(update);
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            client.subscribe(Topic.trades("BTC-USDT"), trades);
            BookSubscription btc = client.subscribe(Topic.book("BTC-USDT"), slowBook);
            Recorder.await("subscribed", 10_000, () -> !slowBook.snapshots().isEmpty());
            long tradesStart = venue.head("trades.BTC-USDT");
            for (int i = 0; i < 500; i++) {
                venue.trade(i);
            }
            venue.barrier();
            long tradesHead = venue.head("trades.BTC-USDT");
            long bookHead = venue.head("book.BTC-USDT");
            try {
                Recorder.await("the slow listeners to catch up", 30_000,
                        () -> trades.lastSeq == tradesHead && slowBook.lastSeq == bookHead);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": trades at " + trades.lastSeq + " of " + tradesHead
                        + ", book at " + slowBook.lastSeq + " of " + bookHead + " (local book "
                                + btc.book().seq()
                        + "); session " + events, e);
            }

            assertThat(events).anyMatch(e -> e instanceof SessionEvent.Lagged l
                    && l.topic().equals(Topic.trades("BTC-USDT")));
            assertThat(events).anyMatch(e -> e instanceof SessionEvent.Lagged l
                    && l.topic().equals(Topic.book("BTC-USDT")));
            trades.assertDense(tradesStart, tradesHead); // dropped, then fetched again: nothing lost
            // The book listener got a fresh snapshot from the local book instead of the deltas it missed.
            assertThat(slowBook.snapshots().size()).isGreaterThan(1);
            Update.Event last = slowBook.snapshots().get(slowBook.snapshots().size() - 1);
            assertThat(last.seq()).isGreaterThan(slowBook.snapshots().get(0).seq());
            assertThat(last.data()).isInstanceOf(EventPayload.BookSnapshot.class);
            assertThat(btc.book().isValid()).isTrue();
            assertThat(btc.book().seq()).isEqualTo(bookHead);
        }
    }
}
