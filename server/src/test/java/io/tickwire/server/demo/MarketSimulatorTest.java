package io.tickwire.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.engine.book.BookSide;
import io.tickwire.engine.book.OrderBook;
import io.tickwire.engine.market.Market;
import io.tickwire.server.TestServers;
import io.tickwire.server.TickwireServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The demo looks like a market: after a minute of simulation every book sits around its own mid. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MarketSimulatorTest {
    /** A minute at the demo's 20 orders per second. */
    private static final int STEPS = 1_200;

    @TempDir
    Path dir;

    @Test
    void everyBookStaysWithinAFewPercentOfItsOwnMid() throws Exception {
        for (long seed : new long[] {1, 2, 3}) {
            Path data = dir.resolve("seed" + seed);
            try (TickwireServer server = TestServers.start(data)) {
                MarketSimulator simulator = new MarketSimulator(server.core(), new SplittableRandom(seed));
                simulator.fund();
                for (int i = 0; i < STEPS; i++) {
                    simulator.step();
                    awaitQueueBelow(server, 1_000); // never so far ahead that commands are refused
                }
                awaitQueueBelow(server, 1); // every command taken: the query below runs after them
                List<String> outliers = server.core().query(engine -> {
                    List<String> found = new ArrayList<>();
                    for (Market market : engine.markets().markets()) {
                        OrderBook book = engine.book(market);
                        long mid = simulator.mid(market);
                        check(found, market, "bid", book.bids(), mid);
                        check(found, market, "ask", book.asks(), mid);
                        if (book.bids().depth() == 0 || book.asks().depth() == 0) {
                            found.add(market.name() + " has an empty side");
                        }
                    }
                    return found;
                }).get(30, TimeUnit.SECONDS);
                assertThat(outliers).as("levels more than 3 % from their market's mid, seed " + seed).isEmpty();
            }
        }
    }

    private static void awaitQueueBelow(TickwireServer server, int depth) {
        while (server.core().queueDepth() >= depth) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private static void check(List<String> found, Market market, String side, BookSide levels, long mid) {
        for (int i = 0; i < levels.depth(); i++) {
            long price = levels.level(i).price();
            if (Math.abs(price - mid) * 100 > 3 * mid) {
                found.add(market.name() + " " + side + " at " + price + " with mid " + mid);
            }
        }
    }
}
