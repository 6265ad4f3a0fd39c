package io.tickwire.server;

import static org.awaitility.Awaitility.await;

import io.tickwire.engine.command.Command;
import io.tickwire.journal.JournalEvent;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.TimeInForce;
import io.tickwire.server.auth.Scope;
import io.tickwire.server.node.BatchTap;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real server in this JVM, on an ephemeral port, with two funded traders, a way to make trades
 * and a barrier that says when everything submitted is durable. For tests of clients (the SDK, the
 * CLI) that need a venue to talk to.
 */
public final class TestVenue implements AutoCloseable {
    /** The trader who takes in {@link #trade}. */
    public static final long BUYER = 1001;
    /** The trader who rests in {@link #trade}. */
    public static final long SELLER = 1002;

    private static final long BARRIER_USER = 999_999;

    private final Path dir;
    private final AtomicLong requests = new AtomicLong(1_000_000);
    private final FrontDoorConfig gateway;
    private final List<BatchTap> taps;
    private TickwireServer server;

    /** A venue on {@code dir} with the default gateway configuration. */
    public TestVenue(Path dir) throws Exception {
        this(dir, FrontDoorConfig.defaults(0));
    }

    /** A venue on {@code dir} with this gateway configuration. */
    public TestVenue(Path dir, FrontDoorConfig gateway) throws Exception {
        this(dir, gateway, List.of());
    }

    /** A venue on {@code dir} with this gateway configuration and {@code taps} on its durable batches. */
    public TestVenue(Path dir, FrontDoorConfig gateway, List<BatchTap> taps) throws Exception {
        this.dir = dir;
        this.gateway = gateway;
        this.taps = taps;
        start();
        for (long user : new long[] {BUYER, SELLER}) {
            submit(new Command.Deposit(requests.incrementAndGet(), user, "USDT", Decimal.parse("1000000000")));
            submit(new Command.Deposit(requests.incrementAndGet(), user, "BTC", Decimal.parse("1000000")));
        }
    }

    private void start() throws Exception {
        // Client tests make tens of thousands of events; larger segments keep rolls out of the way.
        server = TestServers.start(dir, gateway, TestServers.segmentBytes(8 << 20), taps);
    }

    /** The running server. */
    public TickwireServer server() {
        return server;
    }

    /** Stops the server (like a deploy) and starts another on the same data. */
    public void restart() throws Exception {
        server.close();
        start();
    }

    /** The server's port. */
    public int port() {
        return server.port();
    }

    /** The WebSocket URL on {@code port} (the server's, or a proxy's in front of it). */
    public URI ws(int port) {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    /** The REST base URL. */
    public URI rest() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** A read and trade token for {@code user}. */
    public String token(long user) {
        return server.tokens().issue(user, EnumSet.of(Scope.READ, Scope.TRADE), Duration.ofHours(1));
    }

    /** Submits straight to the core, retrying while its queue is full. */
    public void submit(Command command) throws InterruptedException {
        while (!server.core().submit(command)) {
            Thread.sleep(1);
        }
    }

    /**
     * One trade: the seller rests {@code 0.001} BTC at a price, the buyer takes it. Each pair
     * makes two book deltas, one public trade and several account events per trader.
     */
    public void trade(int i) throws InterruptedException {
        Decimal price = Decimal.of(5_000_000 + (i % 50), 2);
        submit(new Command.Place(requests.incrementAndGet(), SELLER, "BTC-USDT", Side.SELL, OrderType.LIMIT,
                TimeInForce.GTC, price, Decimal.parse("0.001"), null));
        submit(new Command.Place(requests.incrementAndGet(), BUYER, "BTC-USDT", Side.BUY, OrderType.LIMIT,
                TimeInForce.GTC, price, Decimal.parse("0.001"), null));
    }

    /**
     * Returns once everything submitted before the call is durable: a deposit to a user of its own
     * goes through the sequencer behind every earlier command, so once its event is in the journal,
     * so are theirs, and every head read after this is final. (Waiting for heads to stop moving
     * was not enough: on a loaded machine the engine can sit idle longer than any quiet period.)
     */
    public void barrier() throws InterruptedException {
        String marker = account(BARRIER_USER);
        long before = head(marker);
        submit(new Command.Deposit(requests.incrementAndGet(), BARRIER_USER, "USDT", Decimal.parse("1")));
        await("the barrier deposit durable").atMost(Duration.ofSeconds(60)).until(() -> head(marker) > before);
    }

    /** The last durable seq of {@code stream}. */
    public long head(String stream) {
        return server.core().journal().lastSeq(stream);
    }

    /** The account stream of {@code user}. */
    public static String account(long user) {
        return JournalEvent.accountStream(user);
    }

    @Override
    public void close() {
        server.close();
    }
}
