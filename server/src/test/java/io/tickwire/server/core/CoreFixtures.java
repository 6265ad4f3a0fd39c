package io.tickwire.server.core;

import io.tickwire.engine.command.Command;
import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.journal.Durability;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.OrderRef;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.TimeInForce;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;

/** Markets, config and a random command stream for the core's tests. */
final class CoreFixtures {

    private CoreFixtures() {
    }

    static MarketRegistry markets() {
        return MarketRegistry.builder()
                .asset("BTC", 8).asset("USDT", 6)
                .market("BTC", "USDT", 2, 3, "0.001", 1000, 2000)
                .build();
    }

    static CoreConfig config(Path dir) {
        CoreConfig defaults = CoreConfig.defaults(dir);
        return defaults.withJournal(defaults.journal().withSegmentBytes(256 * 1024).withDurability(Durability.FSYNC))
                .withSnapshots(50, Duration.ofMillis(300));
    }

    /** Random commands for users 1..6: funding first, then orders, cancels and amends near 100.00. */
    static final class Commands {
        private final SplittableRandom random;
        private long request;

        Commands(long seed) {
            this.random = new SplittableRandom(seed);
        }

        Command next() {
            long id = ++request;
            long user = 1 + random.nextLong(6);
            int kind = random.nextInt(100);
            if (kind < 4) {
                return random.nextBoolean()
                        ? new Command.Deposit(id, user, "USDT", Decimal.of(1 + random.nextLong(10_000_000_000L), 6))
                        : new Command.Deposit(id, user, "BTC", Decimal.of(1 + random.nextLong(100_000_000L), 8));
            }
            if (kind < 60) {
                Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
                boolean market = kind < 8;
                TimeInForce tif = market ? TimeInForce.IOC
                        : random.nextInt(5) == 0 ? TimeInForce.IOC : TimeInForce.GTC;
                return new Command.Place(id, user, "BTC-USDT", side, market ? OrderType.MARKET : OrderType.LIMIT, tif,
                        market ? null : Decimal.of(10_000 + random.nextLong(-30, 31), 2),
                        Decimal.of(1 + random.nextLong(2_000), 3),
                        random.nextInt(3) == 0 ? "c" + random.nextInt(1000) : null);
            }
            OrderRef ref = OrderRef.byId(1 + random.nextLong(Math.max(1, request / 2)));
            if (kind < 80) {
                return new Command.Cancel(id, user, ref);
            }
            return new Command.Amend(id, user, ref, Decimal.of(10_000 + random.nextLong(-30, 31), 2), null);
        }
    }
}
