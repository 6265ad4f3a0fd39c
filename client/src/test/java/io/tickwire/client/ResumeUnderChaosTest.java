package io.tickwire.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.protocol.message.Topic;
import io.tickwire.server.TestVenue;
import io.tickwire.testkit.net.ChaosProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK against a real server through a proxy that cuts every connection at random: every
 * subscriber ends with every event exactly once, in order; and across a server restart.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // an end-to-end test that hangs fails instead
class ResumeUnderChaosTest {
    static final int CUTS = Integer.getInteger("cuts", 50);

    @TempDir
    Path dir;

    private static TickwireClient client(TestVenue venue, int port, long user, long seed, TickwireListener listener) {
        TickwireClient client = TickwireClient.builder()
                .uri(venue.ws(port))
                .token(venue.token(user))
                .reconnect(ReconnectPolicy.exponential(Duration.ofMillis(5), Duration.ofMillis(100)).fullJitter()
                        .random(new Random(seed)))
                .pingInterval(Duration.ofMillis(100))
                .readTimeout(Duration.ofSeconds(1))
                .listener(listener)
                .build();
        client.connect();
        return client;
    }

    @Test
    void tenThousandEventsAndFiftyCutsLoseNothingAndRepeatNothing() throws Exception {
        ListenerLog log = new ListenerLog();
        List<SessionEvent> session = log.session;
        try (TestVenue venue = new TestVenue(dir);
             ChaosProxy proxy = new ChaosProxy(venue.port());
             TickwireClient cut = client(venue, proxy.port(), TestVenue.BUYER, 42, log);
             TickwireClient steady = client(venue, venue.port(), TestVenue.BUYER, 43, new TickwireListener() { })) {
            Recorder account = new Recorder();
            Recorder trades = new Recorder();
            Recorder book = new Recorder();
            Recorder steadyAccount = new Recorder();
            AccountSubscription cutAccount = cut.subscribe(Topic.account(), account);
            cut.subscribe(Topic.trades("BTC-USDT"), trades);
            BookSubscription cutBook = cut.subscribe(Topic.book("BTC-USDT"), book);
            AccountSubscription steadyMirror = steady.subscribe(Topic.account(), steadyAccount);
            Recorder.await("both account snapshots", 10_000,
                    () -> !account.snapshots().isEmpty() && !steadyAccount.snapshots().isEmpty()
                            && !book.snapshots().isEmpty());
            long accountStart = account.snapshots().get(0).seq();
            long bookStart = book.snapshots().get(0).seq();
            long tradesStart = venue.head("trades.BTC-USDT");

            long startedAt = System.nanoTime();
            AtomicBoolean trading = new AtomicBoolean(true);
            AtomicInteger cuts = new AtomicInteger();
            Thread cutter = Thread.ofPlatform().name("cutter").start(() -> {
                Random random = new Random(7);
                try {
                    while (trading.get() || cut.connectionState().reconnects() < CUTS) {
                        // Cut live sessions only: a cut during the handshake is a failed connect.
                        while (cut.connectionState().status() != ConnectionStatus.CONNECTED) {
                            Thread.sleep(1);
                        }
                        Thread.sleep(20 + random.nextInt(80));
                        if (proxy.cutAll() > 0) {
                            cuts.incrementAndGet();
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            int pairs = 0;
            while (venue.head(TestVenue.account(TestVenue.BUYER)) - accountStart < 10_000) {
                for (int i = 0; i < 20; i++) {
                    venue.trade(pairs++);
                }
                Thread.sleep(15);
            }
            trading.set(false);
            cutter.join();

            long tradedAt = System.nanoTime();
            venue.barrier();
            long accountHead = venue.head(TestVenue.account(TestVenue.BUYER));
            long tradesHead = venue.head("trades.BTC-USDT");
            long bookHead = venue.head("book.BTC-USDT");
            Recorder.await("the cut client to catch up", 60_000, () -> account.lastSeq == accountHead
                    && trades.lastSeq == tradesHead && book.lastSeq == bookHead);
            Recorder.await("the steady client to catch up", 30_000, () -> steadyAccount.lastSeq == accountHead);
            System.out.printf("chaos: traffic and cuts took %d ms, catching up %d ms%n",
                    (tradedAt - startedAt) / 1_000_000, (System.nanoTime() - tradedAt) / 1_000_000);

            assertThat(cuts.get()).isGreaterThanOrEqualTo(50);
            assertThat(accountHead - accountStart).isGreaterThanOrEqualTo(10_000);
            account.assertDense(accountStart, accountHead);
            trades.assertDense(tradesStart, tradesHead);
            book.assertDense(bookStart, bookHead);
            // Resumed every time: no second snapshot, no gap.
            assertThat(account.snapshots()).hasSize(1);
            assertThat(book.snapshots()).hasSize(1);
            assertThat(account.gaps()).isEmpty();
            assertThat(session).noneMatch(e -> e instanceof SessionEvent.Gap || e instanceof SessionEvent.Lagged
                    || e instanceof SessionEvent.BookInvalidated);
            assertThat(session.stream().filter(SessionEvent.Reconnected.class::isInstance).count())
                    .isGreaterThanOrEqualTo(50);
            assertThat(cut.connectionState().reconnects()).isGreaterThanOrEqualTo(50);
            // The listener heard each change of state once: connected, then degraded and connected again per cut.
            List<ConnectionStatus> states = List.copyOf(log.states);
            assertThat(states.get(0)).isEqualTo(ConnectionStatus.CONNECTED);
            for (int i = 1; i < states.size(); i++) {
                assertThat(states.get(i)).as("state change %d of %s", i, states).isNotEqualTo(states.get(i - 1));
            }
            assertThat(states).filteredOn(s -> s == ConnectionStatus.DEGRADED).hasSizeGreaterThanOrEqualTo(50);

            // Same content as a client that was never cut, event by event.
            List<Update.Event> mine = account.events();
            List<Update.Event> theirs = steadyAccount.events().stream()
                    .filter(e -> e.seq() > accountStart).toList();
            assertThat(mine).hasSameSizeAs(theirs);
            for (int i = 0; i < mine.size(); i++) {
                assertThat(mine.get(i).data()).isEqualTo(theirs.get(i).data());
            }
            assertThat(cutAccount.account().balances()).isEqualTo(steadyMirror.account().balances());
            assertThat(cutBook.book().isValid()).isTrue();
            assertThat(cutBook.state()).isEqualTo(SubscriptionState.SUBSCRIBED);
            assertThat(cutAccount.state()).isEqualTo(SubscriptionState.SUBSCRIBED);
            System.out.printf("chaos: %d cuts, %d account events, %d trades, %d book deltas%n", cuts.get(),
                    accountHead - accountStart, tradesHead - tradesStart, bookHead - bookStart);
        }
    }

    @Test
    void aServerRestartOnTheSameDataLosesNothing() throws Exception {
        ListenerLog log = new ListenerLog();
        List<SessionEvent> session = log.session;
        try (TestVenue venue = new TestVenue(dir);
             ChaosProxy proxy = new ChaosProxy(venue.port());
             TickwireClient client = client(venue, proxy.port(), TestVenue.BUYER, 1, log)) {
            Recorder account = new Recorder();
            Recorder trades = new Recorder();
            client.subscribe(Topic.account(), account);
            client.subscribe(Topic.trades("BTC-USDT"), trades);
            Recorder.await("the account snapshot", 10_000, () -> !account.snapshots().isEmpty());
            long accountStart = account.snapshots().get(0).seq();
            long tradesStart = venue.head("trades.BTC-USDT");
            for (int i = 0; i < 200; i++) {
                venue.trade(i);
            }
            venue.barrier();
            long before = venue.head(TestVenue.account(TestVenue.BUYER));
            Recorder.await("events before the restart", 10_000, () -> account.lastSeq == before);

            // Events the client has not seen yet when the server goes down.
            for (int i = 200; i < 300; i++) {
                venue.trade(i);
            }
            venue.restart();
            proxy.target(venue.port());
            for (int i = 300; i < 500; i++) {
                venue.trade(i);
            }
            venue.barrier();
            long accountHead = venue.head(TestVenue.account(TestVenue.BUYER));
            long tradesHead = venue.head("trades.BTC-USDT");
            try {
                Recorder.await("the client to catch up after the restart", 30_000,
                        () -> account.lastSeq == accountHead && trades.lastSeq == tradesHead);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": account at " + account.lastSeq + " of " + accountHead
                        + ", trades at " + trades.lastSeq + " of " + tradesHead + "; session events " + session, e);
            }
            account.assertDense(accountStart, accountHead);
            trades.assertDense(tradesStart, tradesHead);
            assertThat(account.snapshots()).hasSize(1);
            assertThat(account.gaps()).isEmpty();
            assertThat(session).anyMatch(SessionEvent.Reconnected.class::isInstance);
            assertThat(client.connectionState().status()).isEqualTo(ConnectionStatus.CONNECTED);
        }
    }
}
