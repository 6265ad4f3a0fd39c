package io.tickwire.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickwire.client.order.CommandOutcome;
import io.tickwire.client.order.CommandStatus;
import io.tickwire.client.order.PlaceOrder;
import io.tickwire.client.order.TrackedCommand;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.Topic;
import io.tickwire.server.TestVenue;
import io.tickwire.server.auth.Scope;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Waiting for a client to be usable: connected and authenticated, books and the account loaded.
 * A command the server drops at its rate limit resolves NOT_EXECUTED at once. A token supplier
 * keeps a connection alive past its first token's expiry.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClientReadinessTest {

    @TempDir
    Path dir;

    @Test
    void buildDoesNothingUntilConnectAndNewBuilderMakesATwin() throws Exception {
        try (TestVenue venue = new TestVenue(dir)) {
            long loopsBefore = loopThreads();
            try (TickwireClient client = TickwireClient.builder().uri(venue.ws(venue.port())).build()) {
                assertThat(loopThreads()).as("no thread started by build()").isLessThanOrEqualTo(loopsBefore);
                assertThat(client.connectionState().status()).isEqualTo(ConnectionStatus.CONNECTING);
                BookSubscription book = client.subscribe(Topic.book("BTC-USDT"), u -> { }); // waits for connect()
                assertThat(book.state()).isEqualTo(SubscriptionState.SUBSCRIBING);
                assertThat(book.book().isValid()).isFalse();
                assertThat(client.connect().get(10, TimeUnit.SECONDS)).isSameAs(client);
                assertThat(book.ready().get(10, TimeUnit.SECONDS)).isSameAs(book);
                assertThat(book.state()).isEqualTo(SubscriptionState.SUBSCRIBED);
                book.close();
                assertThat(book.state()).isEqualTo(SubscriptionState.UNSUBSCRIBED);
                try (TickwireClient twin = client.newBuilder().build()) {
                    assertThat(twin.connect().get(10, TimeUnit.SECONDS)).isSameAs(twin);
                    assertThat(twin.connectionState().status()).isEqualTo(ConnectionStatus.CONNECTED);
                }
            }
            TickwireClient closed = TickwireClient.builder().uri(venue.ws(venue.port())).build();
            closed.close();
            assertThatThrownBy(() -> closed.connect().get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
    }

    private static long loopThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("tickwire-client-loop")).count();
    }

    @Test
    void connectCompletesOnceAuthenticatedAndReadyOnceTheSnapshotIsIn() throws Exception {
        try (TestVenue venue = new TestVenue(dir);
             TickwireClient client = TickwireClient.builder().uri(venue.ws(venue.port()))
                     .token(venue.token(TestVenue.BUYER)).build()) {
            assertThat(client.connect().get(10, TimeUnit.SECONDS)).isSameAs(client);
            assertThat(client.connectionState().status()).isEqualTo(ConnectionStatus.CONNECTED);
            BookSubscription book = client.subscribe(Topic.book("BTC-USDT"), u -> { });
            AccountSubscription account = client.subscribe(Topic.account(), u -> { });
            assertThat(book.ready().get(10, TimeUnit.SECONDS)).isSameAs(book);
            assertThat(book.book().isValid()).isTrue();
            assertThat(account.ready().get(10, TimeUnit.SECONDS)).isSameAs(account);
            assertThat(account.account().balances()).isNotEmpty();
            // Subscribing through a topic typed Topic gives the same kinds of subscription.
            Topic trades = Topic.trades("BTC-USDT");
            assertThat(client.subscribe(trades, u -> { })).isNotInstanceOfAny(BookSubscription.class,
                    AccountSubscription.class);
            Topic eth = Topic.parse("book.ETH-USDT");
            assertThat(client.subscribe(eth, u -> { })).isInstanceOfSatisfying(BookSubscription.class,
                    s -> assertThat(s.book().market()).isEqualTo("ETH-USDT"));
            // Right after connect(), an order is sent, not refused as "not connected".
            CommandOutcome outcome = client.placeOrder(PlaceOrder.limit("BTC-USDT", Side.BUY, "1000.00", "0.001"))
                    .resolved().get(10, TimeUnit.SECONDS);
            assertThat(outcome.status()).isEqualTo(CommandStatus.ACCEPTED);
        }
    }

    @Test
    void aRefusedTokenFailsConnectAndARefusedTopicFailsReady() throws Exception {
        try (TestVenue venue = new TestVenue(dir)) {
            try (TickwireClient client = TickwireClient.builder().uri(venue.ws(venue.port())).token("not-a-token")
                    .build()) {
                assertThatThrownBy(() -> client.connect().get(10, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("refused the token");
            }
            try (TickwireClient anonymous = TickwireClient.builder().uri(venue.ws(venue.port())).build()) {
                anonymous.connect().get(10, TimeUnit.SECONDS);
                Subscription nope = anonymous.subscribe(Topic.book("NOPE-USDT"), u -> { });
                assertThatThrownBy(() -> nope.ready().get(10, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("unknown_topic");
                assertThat(nope.refusal()).hasValueSatisfying(r -> assertThat(r).startsWith("unknown_topic"));
                assertThat(nope.state()).isEqualTo(SubscriptionState.UNSUBSCRIBED);
            }
        }
    }

    @Test
    void aCommandDroppedByTheRateLimitIsNotExecutedAtOnce() throws Exception {
        FrontDoorConfig slow = FrontDoorConfig.defaults(0).withMessagesPerSecond(5);
        try (TestVenue venue = new TestVenue(dir, slow);
             TickwireClient client = TickwireClient.builder().uri(venue.ws(venue.port()))
                     .token(venue.token(TestVenue.BUYER)).commandTimeout(Duration.ofSeconds(60)).build()) {
            client.connect().get(10, TimeUnit.SECONDS);
            List<TrackedCommand> orders = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                orders.add(client.placeOrder(PlaceOrder.limit("BTC-USDT", Side.BUY, "1000.00", "0.001")));
            }
            long notExecuted = 0;
            for (TrackedCommand order : orders) {
                // Well inside the 60 s command timeout: a drop is known from the server's answer.
                CommandOutcome outcome = order.resolved().get(15, TimeUnit.SECONDS);
                assertThat(outcome.status()).isIn(CommandStatus.ACCEPTED, CommandStatus.NOT_EXECUTED);
                if (outcome.status() == CommandStatus.NOT_EXECUTED) {
                    notExecuted++;
                    assertThat(outcome.message()).contains("rate_limited");
                }
            }
            assertThat(notExecuted).isPositive();
        }
    }

    @Test
    void aTokenSupplierKeepsTheConnectionPastTheFirstTokensExpiry() throws Exception {
        try (TestVenue venue = new TestVenue(dir)) {
            AtomicInteger asked = new AtomicInteger();
            List<String> sessionEvents = new ArrayList<>();
            TickwireListener listener = new TickwireListener() {
                @Override
                public void onSessionEvent(SessionEvent e) {
                    synchronized (sessionEvents) {
                        sessionEvents.add(e.toString());
                    }
                }
            };
            // Each token lives 3 s: the connection must be renewed by auth messages to stay open.
            try (TickwireClient client = TickwireClient.builder().uri(venue.ws(venue.port())).listener(listener)
                    .tokenSupplier(() -> {
                        asked.incrementAndGet();
                        return venue.server().tokens().issue(TestVenue.BUYER, EnumSet.of(Scope.READ, Scope.TRADE),
                                Duration.ofSeconds(3));
                    }).build()) {
                client.connect().get(10, TimeUnit.SECONDS);
                long firstExpiry = System.currentTimeMillis() + 3_000;
                while (asked.get() < 4) { // three refreshes: past two expiries
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                    assertThat(client.connectionState().status()).isEqualTo(ConnectionStatus.CONNECTED);
                }
                assertThat(System.currentTimeMillis()).isGreaterThan(firstExpiry);
                assertThat(client.connectionState().reconnects()).isZero();
                synchronized (sessionEvents) {
                    assertThat(sessionEvents).noneMatch(e -> e.contains("4001"));
                }
            }
        }
    }
}
