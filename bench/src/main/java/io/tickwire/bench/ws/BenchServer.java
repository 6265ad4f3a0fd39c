package io.tickwire.bench.ws;

import io.netty.util.internal.PlatformDependent;
import io.tickwire.bench.load.LatencyRun;
import io.tickwire.engine.command.Command;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.OrderRef;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.TimeInForce;
import io.tickwire.server.TickwireServer;
import io.tickwire.nats.publish.JetStreamPublisher;
import io.tickwire.server.config.JetStreamConfig;
import io.tickwire.server.node.BatchTap;
import io.tickwire.server.core.CoreConfig;
import io.tickwire.server.demo.DemoVenue;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The server side of a load run, in its own JVM so that its memory and CPU can be read from
 * {@code /proc} apart from the load clients': either Tickwire (the full path: sequencer,
 * matching, journal with fsync, hub, gateway) or the {@link CeilingServer}. It also generates
 * the market events, in process, as a venue's own order flow would.
 *
 * <p>Driven by {@link ServerProcess} over standard input, one command per line; every answer is
 * one line starting with {@value #ANSWER} on standard output (anything else there is logging):
 * <ul>
 *   <li>{@code fund USERS}: deposits BTC and USDT for users 1 to USERS; answers {@code ok};</li>
 *   <li>{@code drive RATE SECONDS}: book events at RATE per second; answers {@code done EVENTS NANOS}
 *       with the events actually made (a command the full queue refused makes none), once they are
 *       durable;</li>
 *   <li>{@code burst COUNT}: COUNT book events at once, then waits until they are durable;
 *       answers {@code done HEAD} (the book stream's last seq);</li>
 *   <li>{@code mem}: collects garbage and answers {@code mem HEAP_USED DIRECT_USED} in bytes;</li>
 *   <li>{@code quit}: stops the server and exits.</li>
 * </ul>
 */
public final class BenchServer {
    /** Prefix of every answer line. */
    public static final String ANSWER = "@@ ";
    static final String MARKET = "BTC-USDT";
    static final String BOOK_STREAM = "book." + MARKET;
    /** The user whose bids make the book events; load users are 1 to N, so it stays clear of them. */
    static final long MARKET_MAKER = 1_000_000;

    private final TickwireServer tickwire;
    private final CeilingServer ceiling;
    /** When each book event is made, read by the load clients for latency in µs; {@code null}: not measured. */
    private final StampBoard stamps;
    /** The book stream's seq before the current drive or burst: each command made since adds one. */
    private long bookSeqBase;
    /** Book events made in the current drive or burst. */
    private long made;
    /** Request ids of commands made here, far from the gateway's, so that no receipt goes astray. */
    private long request = 1L << 52;
    private long ceilingSeq;
    /** Book commands made so far: even ones rest a bid, odd ones cancel it. */
    private long bookCommands;

    private BenchServer(TickwireServer tickwire, CeilingServer ceiling) throws IOException {
        this.tickwire = tickwire;
        this.ceiling = ceiling;
        this.stamps = StampBoard.fromSystemProperty();
    }

    /**
     * {@code BenchServer tickwire DATA_DIR MAX_CONNECTIONS [NATS_URL STREAM]} (with NATS: a core
     * that publishes to JetStream, for gateway nodes) or {@code BenchServer ceiling}.
     */
    public static void main(String[] args) throws Exception {
        BenchServer server;
        if (args[0].equals("tickwire")) {
            Path dir = Path.of(args[1]);
            int maxConnections = Integer.parseInt(args[2]);
            FrontDoorConfig gateway = FrontDoorConfig.defaults(0)
                    .withConnectionLimits(20, maxConnections)
                    // Every load client is one anonymous address: the per-address cap would be the bench's limit.
                    .withMaxConnectionsPerAddress(maxConnections)
                    // A load client sends far more than the per-connection default allows a person.
                    .withMessagesPerSecond(1_000_000)
                    .withIoThreads(Integer.getInteger(ServerProcess.IO_THREADS_PROPERTY, 0));
            List<BatchTap> taps = args.length > 4
                    ? List.of(new JetStreamPublisher(JetStreamConfig.defaults(args[3], args[4]))) : List.of();
            server = new BenchServer(TickwireServer.start(dir, DemoVenue.markets(), gateway,
                    CoreConfig.defaults(dir), taps), null);
            server.deposit(MARKET_MAKER, "USDT", "1000000000");
        } else if (args[0].equals("ceiling")) {
            server = new BenchServer(null, new CeilingServer(Integer.getInteger(ServerProcess.IO_THREADS_PROPERTY, 0)));
        } else {
            throw new IllegalArgumentException("tickwire or ceiling, not " + args[0]);
        }
        answer("port " + server.port());
        server.serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        System.exit(0);
    }

    private int port() {
        return tickwire != null ? tickwire.port() : ceiling.port();
    }

    private void serve(BufferedReader in) throws Exception {
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.strip().split(" ");
            try {
                switch (words[0]) {
                    case "fund" -> {
                        // Sized so that 90,000 users stay within the venue's total per asset.
                        for (long user = 1; user <= Long.parseLong(words[1]); user++) {
                            deposit(user, "USDT", "1000000");
                            deposit(user, "BTC", "100");
                        }
                        answer("ok");
                    }
                    case "drive" -> {
                        startEvents();
                        long start = System.nanoTime();
                        // A command dropped by a full queue makes no event.
                        LatencyRun.drive(Long.parseLong(words[1]), Double.parseDouble(words[2]), due
                                -> bookEvent(false));
                        long nanos = System.nanoTime() - start;
                        awaitDurable();
                        answer("done " + made + " " + nanos);
                    }
                    case "burst" -> answer("done " + burst(Integer.parseInt(words[1])));
                    case "mem" -> answer("mem " + heapUsed() + " " + directUsed());
                    case "quit" -> {
                        close();
                        answer("bye");
                        return;
                    }
                    default -> answer("error unknown command " + words[0]);
                }
            } catch (RuntimeException e) {
                answer("error " + e);
            }
        }
        close(); // the parent went away
    }

    private void startEvents() {
        made = 0;
        bookSeqBase = tickwire != null ? tickwire.core().journal().lastSeq(BOOK_STREAM) : ceilingSeq;
    }

    /** Waits until every event made since {@link #startEvents} is durable (Tickwire) or sent (the ceiling). */
    private void awaitDurable() throws InterruptedException {
        if (tickwire == null) {
            return;
        }
        long target = bookSeqBase + made;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (tickwire.core().journal().lastSeq(BOOK_STREAM) < target && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        long head = tickwire.core().journal().lastSeq(BOOK_STREAM);
        if (head != target) {
            // Each command must make exactly one book event, or the stamps belong to other seqs.
            throw new IllegalStateException("the book stream is at seq " + head + ", not " + target);
        }
    }

    /**
     * One book event. Tickwire: alternately rest a bid and cancel it, one {@code book.delta} per
     * command; its seq is known before it is submitted, so its stamp is taken then: the latency
     * measured includes the sequencer, matching and the journal's {@code fsync}. The ceiling: a
     * pre-encoded frame of the same shape and size, stamped as it is broadcast.
     */
    private boolean bookEvent(boolean mustSubmit) {
        if (stamps != null) {
            stamps.stamp(bookSeqBase + made + 1);
        }
        if (ceiling != null) {
            long s = ++ceilingSeq;
            made++;
            String frame = "{\"type\":\"book.delta\",\"topic\":\"" + BOOK_STREAM
                    + "\",\"epoch\":\"c0ffee00c0ffee00\",\"seq\":"
                    + s + ",\"ts\":" + System.currentTimeMillis() + ",\"data\":{\"market\":\"" + MARKET + "\","
                    + "\"changes\":[[\"buy\",\"80000." + (s % 90 + 10) + "\",\"0.001\"]],\"checksum\":3082391823}}";
            ceiling.broadcast(frame.getBytes(StandardCharsets.UTF_8));
            return true;
        }
        long k = bookCommands;
        Command command = k % 2 == 0
                ? new Command.Place(request, MARKET_MAKER, MARKET, Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
                        Decimal.of(7_000_000 + (k / 2) % 200, 2), Decimal.parse("0.001"), "m" + k)
                : new Command.Cancel(request, MARKET_MAKER, OrderRef.byClientId("m" + (k - 1)));
        while (!tickwire.core().submit(command)) {
            if (!mustSubmit) {
                return false; // a full queue drops the command: it shows as fewer events delivered
            }
            Thread.onSpinWait();
        }
        request++;
        bookCommands++;
        made++;
        return true;
    }

    private long burst(int count) throws InterruptedException {
        if (tickwire == null) {
            throw new IllegalStateException("burst needs tickwire");
        }
        startEvents();
        for (int i = 0; i < count; i++) {
            bookEvent(true);
        }
        awaitDurable();
        return tickwire.core().journal().lastSeq(BOOK_STREAM);
    }

    private void deposit(long user, String asset, String amount) {
        while (!tickwire.core().submit(new Command.Deposit(request++, user, asset, Decimal.parse(amount)))) {
            Thread.onSpinWait();
        }
    }

    static long heapUsed() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /** Direct memory: the JDK's direct buffers plus Netty's own (uncounted by the JDK) if it keeps any. */
    static long directUsed() {
        long jdk = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                jdk = pool.getMemoryUsed();
            }
        }
        return jdk + Math.max(0, PlatformDependent.usedDirectMemory());
    }

    private void close() {
        if (tickwire != null) {
            tickwire.close();
        }
        if (ceiling != null) {
            ceiling.close();
        }
    }

    /**
     * A node's child JVM after it printed its port: answers {@code mem} and {@code quit} on standard
     * input until {@code quit} or the parent goes away, then closes {@code node} and exits.
     */
    static void answerUntilQuit(AutoCloseable node) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            switch (line.strip()) {
                case "mem" -> answer("mem " + heapUsed() + " " + directUsed());
                case "quit" -> {
                    node.close();
                    answer("bye");
                    System.exit(0);
                }
                default -> answer("error unknown command " + line);
            }
        }
        node.close(); // the parent went away
        System.exit(0);
    }

    static void answer(String text) {
        System.out.println(ANSWER + text);
        System.out.flush();
    }
}
