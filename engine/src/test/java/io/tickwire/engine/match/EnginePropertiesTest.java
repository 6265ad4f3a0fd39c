package io.tickwire.engine.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.engine.book.UserAccount;
import io.tickwire.engine.book.BookSide;
import io.tickwire.engine.book.OrderBook;
import io.tickwire.engine.book.PriceLevel;
import io.tickwire.engine.book.RestingOrder;
import io.tickwire.engine.command.Command;
import io.tickwire.engine.event.PayloadTranslator;
import io.tickwire.engine.event.Receipt;
import io.tickwire.engine.market.Asset;
import io.tickwire.engine.market.Market;
import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.protocol.book.BookChecksum;
import io.tickwire.codec.JsonCodec;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.OrderStatus;
import io.tickwire.protocol.message.Level;
import io.tickwire.protocol.message.LevelChange;
import io.tickwire.protocol.message.OrderRef;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.protocol.message.TimeInForce;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Invariants over thousands of random command streams, checked after every command: no
 * balance negative, every asset conserved (accounts plus fees equal deposits minus
 * withdrawals), frozen balances equal to what open orders hold, the book never crossed and its
 * levels consistent, no order filled beyond its quantity, a book rebuilt from the deltas equal
 * to the engine's with matching checksums; and two runs of a stream yield identical bytes.
 */
class EnginePropertiesTest {

    static final int STREAMS = 300;
    static final int COMMANDS = 400;
    static final long USERS = 6;

    private final Map<String, Integer> seen = new TreeMap<>();

    @Test
    void invariantsHoldAfterEveryCommandOfRandomStreams() {
        for (int seed = 0; seed < STREAMS; seed++) {
            runStream(seed, true);
        }
        // The streams must exercise what the invariants guard: fills, rests, cancels, rejections.
        assertThat(seen.getOrDefault("trade", 0)).isGreaterThan(20_000);
        assertThat(seen.getOrDefault("accepted", 0)).isGreaterThan(40_000);
        assertThat(seen).containsKeys("rejected:INSUFFICIENT_BALANCE", "rejected:FOK_NOT_FILLABLE",
                "rejected:POST_ONLY_WOULD_TAKE", "rejected:DUPLICATE_CLIENT_ORDER_ID", "rejected:ORDER_NOT_OPEN",
                "rejected:UNKNOWN_ORDER", "status:CANCELED", "status:PARTIALLY_FILLED", "status:FILLED",
                "cancel:user", "cancel:self_trade", "cancel:ioc_remainder", "cancel:market_remainder",
                "rejected:DEADLINE_EXCEEDED", "cancel_all", "batch", "rejected:BATCH_TOO_LARGE", "armed",
                "cancel:dead_man_switch", "cancel:disconnect", "candle", "candle:closed", "ticker", "ticker:empty");
    }

    @Test
    void theSameCommandsYieldTheSameBytes() {
        for (int seed = 1000; seed < 1020; seed++) {
            assertThat(runStream(seed, false)).as("seed " + seed).isEqualTo(runStream(seed, false));
        }
    }

    @Test
    void anEngineRestoredFromASnapshotContinuesExactlyAsTheOriginal() throws Exception {
        for (int seed = 2000; seed < 2040; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            MarketRegistry registry = Harness.registry();
            MatchingEngine original = new MatchingEngine(registry, 50);
            PayloadTranslator a = new PayloadTranslator();
            int cut = 50 + random.nextInt(300);
            SplittableRandom time = new SplittableRandom(seed);
            long ts = 1_700_000_000_000L;
            long request = 0;
            for (int i = 0; i < cut; i++) {
                Command command = i < USERS * 3 ? funding(i, registry) : randomCommand(random, ++request, original,
                        registry);
                ts += step(time);
                original.process(command, ts, a);
            }
            byte[] snapshot = bytes(original);
            MatchingEngine restored = EngineSnapshot.read(registry, 50,
                    new DataInputStream(new ByteArrayInputStream(snapshot)));
            assertThat(bytes(restored)).as("seed " + seed).isEqualTo(snapshot);
            PayloadTranslator b = new PayloadTranslator();
            for (int i = 0; i < 300; i++) {
                Command command = randomCommand(random, ++request, original, registry);
                a.clear();
                b.clear();
                ts += step(time);
                original.process(command, ts, a);
                restored.process(command, ts, b);
                assertThat(b.events()).as("seed " + seed + " command " + i).isEqualTo(a.events());
                assertThat(b.receipts()).isEqualTo(a.receipts());
            }
            assertThat(bytes(restored)).isEqualTo(bytes(original));
        }
    }

    private static byte[] bytes(MatchingEngine engine) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EngineSnapshot.write(engine, new DataOutputStream(out));
        return out.toByteArray();
    }

    /** Runs one random stream; returns the encoded bytes of every event and receipt. */
    private byte[] runStream(int seed, boolean check) {
        SplittableRandom random = new SplittableRandom(seed);
        MarketRegistry registry = Harness.registry();
        MatchingEngine engine = new MatchingEngine(registry, 50);
        PayloadTranslator recorder = new PayloadTranslator();
        JsonCodec codec = new JsonCodec();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long[] netDeposits = new long[registry.assets().size()];
        List<Map<Long, Long>> mirrorBids = new ArrayList<>();
        List<Map<Long, Long>> mirrorAsks = new ArrayList<>();
        for (int m = 0; m < registry.markets().size(); m++) {
            mirrorBids.add(new TreeMap<>(Comparator.reverseOrder()));
            mirrorAsks.add(new TreeMap<>());
        }
        SplittableRandom time = new SplittableRandom(seed * 31L + 7);
        long ts = 1_700_000_000_000L;
        long request = 0;
        for (int i = 0; i < COMMANDS; i++) {
            Command command = i < USERS * 3 ? funding(i, registry) : randomCommand(random, ++request, engine, registry);
            recorder.clear();
            ts += step(time);
            engine.process(command, ts, recorder);
            var receipt = recorder.lastReceipt();
            if (receipt.accepted() && command instanceof Command.Deposit d) {
                Asset asset = registry.asset(d.asset());
                netDeposits[asset.id()] += d.amount().unscaledAt(asset.scale());
            } else if (receipt.accepted() && command instanceof Command.Withdraw w) {
                Asset asset = registry.asset(w.asset());
                netDeposits[asset.id()] -= w.amount().unscaledAt(asset.scale());
            }
            for (PayloadTranslator.Emitted e : recorder.events()) {
                bytes.writeBytes(codec.encode(new StreamEvent(e.topic(), "e", i, e.ts(), e.payload())));
                if (e.payload() instanceof EventPayload.BookDelta delta) {
                    Market market = registry.market(delta.market());
                    apply(delta, mirrorBids.get(market.id()), mirrorAsks.get(market.id()), market);
                }
            }
            bytes.writeBytes(receipt.toString().getBytes());
            seen.merge(receipt.accepted() ? "accepted" : "rejected:" + receipt.code(), 1, Integer::sum);
            if (receipt.canceled() > 0) {
                seen.merge("cancel_all", 1, Integer::sum);
            }
            if (receipt.results() != null) {
                seen.merge("batch", 1, Integer::sum);
                assertThat(receipt.results()).hasSize(((Command.PlaceBatch) command).orders().size());
                assertThat(receipt.accepted()).isEqualTo(receipt.results().stream().anyMatch(Receipt::accepted));
            }
            if (receipt.triggerAt() > 0) {
                seen.merge("armed", 1, Integer::sum);
            }
            for (PayloadTranslator.Emitted e : recorder.events()) {
                if (e.payload() instanceof EventPayload.Trade) {
                    seen.merge("trade", 1, Integer::sum);
                } else if (e.payload() instanceof EventPayload.Candle c) {
                    seen.merge(c.closed() ? "candle:closed" : "candle", 1, Integer::sum);
                    assertThat(c.low().compareTo(c.high())).as("low <= high").isLessThanOrEqualTo(0);
                    assertThat(e.ts()).as("a candle is reported closed only after its interval").isGreaterThan(
                            c.closed() ? c.closeTime() : c.openTime() - 1);
                } else if (e.payload() instanceof EventPayload.Ticker t) {
                    seen.merge(t.trades24h() == 0 ? "ticker:empty" : "ticker", 1, Integer::sum);
                } else if (e.payload() instanceof EventPayload.OrderUpdate u) {
                    seen.merge("status:" + u.order().status(), 1, Integer::sum);
                    if (u.order().status() == OrderStatus.CANCELED) {
                        // Every cancel says why, and only a cancel does.
                        assertThat(u.order().cancelReason()).as("cancel_reason of " + u.order()).isNotNull();
                        seen.merge("cancel:" + u.order().cancelReason().wire(), 1, Integer::sum);
                    } else {
                        assertThat(u.order().cancelReason()).isNull();
                    }
                }
            }
            if (check) {
                String where = "seed " + seed + " command " + i + " " + command;
                checkInvariants(engine, registry, netDeposits, where);
                for (Market market : registry.markets()) {
                    checkMirror(engine.book(market), mirrorBids.get(market.id()), mirrorAsks.get(market.id()),
                            recorder, where);
                }
            }
        }
        return bytes.toByteArray();
    }

    private static Command funding(int i, MarketRegistry registry) {
        long user = i / 3 + 1;
        String[] assets = {"BTC", "ETH", "USDT"};
        String[] amounts = {"20", "200", "100000"};
        return new Command.Deposit(i, user, assets[i % 3], Decimal.parse(amounts[i % 3]));
    }

    private static Command randomCommand(SplittableRandom r, long request, MatchingEngine engine,
            MarketRegistry registry) {
        long user = 1 + r.nextLong(USERS);
        Market market = registry.market(r.nextInt(registry.markets().size()));
        int kind = r.nextInt(100);
        if (kind < 60) {
            Side side = r.nextBoolean() ? Side.BUY : Side.SELL;
            OrderType type = kind < 55 ? OrderType.LIMIT : OrderType.MARKET;
            TimeInForce tif;
            if (type == OrderType.MARKET) {
                tif = r.nextInt(4) == 0 ? TimeInForce.FOK : TimeInForce.IOC;
            } else {
                int t = r.nextInt(10);
                tif = t < 6 ? TimeInForce.GTC : t < 8 ? TimeInForce.IOC : t < 9 ? TimeInForce.FOK
                        : TimeInForce.POST_ONLY;
            }
            Decimal price = type == OrderType.MARKET ? null : randomPrice(r, market);
            Decimal qty = Decimal.of(1 + r.nextLong(3 * Decimal.powerOfTen(market.qtyScale())), market.qtyScale());
            String clientId = r.nextInt(4) == 0 ? "c" + r.nextInt(40) : null;
            return new Command.Place(request, user, market.name(), side, type, tif, price, qty, clientId,
                    randomDeadline(r));
        }
        if (kind == 74) {
            return switch (r.nextInt(6)) {
                case 0 -> new Command.CancelAll(request, user, r.nextBoolean() ? null : market.name());
                case 1 -> new Command.CancelAllAfter(request, user, r.nextBoolean() ? 0 : 1_000 + r.nextInt(5_000));
                case 2 -> new Command.FireCancelAllAfter(0, user, engine.armedSwitches().getOrDefault(user,
                        1L + r.nextInt(10)));
                case 3 -> new Command.CancelDisconnected(0, user, List.of(1 + r.nextLong(engine.nextOrderId()),
                        1 + r.nextLong(engine.nextOrderId()), 1 + r.nextLong(engine.nextOrderId())));
                case 4 -> new Command.Tick(0);
                default -> randomBatch(r, request, user, registry);
            };
        }
        if (kind < 75) {
            return new Command.Cancel(request, user, randomRef(r, engine));
        }
        if (kind < 92) {
            Decimal price = r.nextBoolean() ? randomPrice(r, market) : null;
            Decimal qty = price == null || r.nextBoolean()
                    ? Decimal.of(1 + r.nextLong(3 * Decimal.powerOfTen(market.qtyScale())), market.qtyScale()) : null;
            return new Command.Amend(request, user, randomRef(r, engine), price, qty, randomDeadline(r));
        }
        Asset asset = registry.asset(r.nextInt(registry.assets().size()));
        Decimal amount = Decimal.of(1 + r.nextLong(5 * Decimal.powerOfTen(asset.scale())), asset.scale());
        return kind < 96 ? new Command.Deposit(request, user, asset.name(), amount)
                : new Command.Withdraw(request, user, asset.name(), amount);
    }

    /** 1 to 21 orders (21 is rejected as too large), in either market, crossing each other at times. */
    private static Command randomBatch(SplittableRandom r, long request, long user, MarketRegistry registry) {
        int size = r.nextInt(10) == 0 ? Command.PlaceBatch.MAX_BATCH + 1 : 1 + r.nextInt(6);
        List<Command.Place> orders = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Market market = registry.market(r.nextInt(registry.markets().size()));
            Decimal qty = Decimal.of(1 + r.nextLong(3 * Decimal.powerOfTen(market.qtyScale())), market.qtyScale());
            orders.add(new Command.Place(request, user, market.name(), r.nextBoolean() ? Side.BUY : Side.SELL,
                    OrderType.LIMIT, r.nextInt(4) == 0 ? TimeInForce.IOC : TimeInForce.GTC, randomPrice(r, market),
                    qty, r.nextInt(3) == 0 ? "c" + r.nextInt(40) : null, randomDeadline(r)));
        }
        return new Command.PlaceBatch(request, user, orders);
    }

    /**
     * The engine's clock between two commands: mostly a few ms, at times seconds, minutes or a day,
     * so that candles close, tickers wait out their rate bound and trades leave the 24 h window.
     */
    private static long step(SplittableRandom time) {
        int roll = time.nextInt(1000);
        return roll < 900 ? 1 + time.nextInt(20) : roll < 990 ? time.nextInt(3_000) : roll < 998
                ? time.nextInt(600_000) : 86_400_000L;
    }

    private static Decimal randomPrice(SplittableRandom r, Market market) {
        // 100.00 +- 0.40 in ticks: dense enough that orders cross often.
        return Decimal.of(10_000 + r.nextLong(-40, 41), market.priceScale());
    }

    private static OrderRef randomRef(SplittableRandom r, MatchingEngine engine) {
        if (r.nextInt(5) == 0) {
            return OrderRef.byClientId("c" + r.nextInt(40));
        }
        long max = Math.max(1, engine.nextOrderId());
        return OrderRef.byId(1 + r.nextLong(max));
    }

    private static void checkInvariants(MatchingEngine engine, MarketRegistry registry, long[] netDeposits,
            String where) {
        int assets = registry.assets().size();
        long[] total = new long[assets];
        for (UserAccount account : engine.accounts().all()) {
            long[] heldByOrders = new long[assets];
            for (RestingOrder order : account.openOrders()) {
                assertThat(order.filledQty()).as(where).isBetween(0L, order.qty() - 1);
                assertThat(order.isResting()).as(where + ": open orders rest on the book").isTrue();
                Market m = order.market();
                int asset = order.side() == Side.BUY ? m.quote().id() : m.base().id();
                heldByOrders[asset] += order.frozen();
                if (order.side() == Side.SELL) {
                    assertThat(order.frozen()).as(where).isEqualTo(order.remaining() * m.qtyToBase());
                } else {
                    assertThat(order.frozen()).as(where + ": a bid holds enough for its remainder")
                            .isGreaterThanOrEqualTo(order.remaining() * order.price() * m.notionalToQuote());
                }
            }
            for (int a = 0; a < assets; a++) {
                assertThat(account.avail(a)).as(where + " avail").isNotNegative();
                assertThat(account.frozen(a)).as(where + " frozen of user " + account.userId() + " asset " + a)
                        .isEqualTo(heldByOrders[a]);
                total[a] += account.avail(a) + account.frozen(a);
            }
        }
        for (int a = 0; a < assets; a++) {
            assertThat(total[a] + engine.accounts().feesCollected(a)).as(where + " conservation of asset " + a)
                    .isEqualTo(netDeposits[a]);
        }
        for (Market market : registry.markets()) {
            OrderBook book = engine.book(market);
            assertThat(book.isCrossed()).as(where + " crossed").isFalse();
            for (BookSide side : List.of(book.bids(), book.asks())) {
                for (int i = 0; i < side.depth(); i++) {
                    PriceLevel level = side.level(i);
                    long sum = 0;
                    int count = 0;
                    for (RestingOrder o = level.head(); o != null; o = o.nextInLevel()) {
                        sum += o.remaining();
                        count++;
                        assertThat(o.price()).isEqualTo(level.price());
                        assertThat(engine.openOrder(o.orderId())).as(where).isSameAs(o);
                    }
                    assertThat(level.totalQty()).as(where + " level total").isEqualTo(sum);
                    assertThat(level.orderCount()).isEqualTo(count).isPositive();
                }
            }
        }
    }

    private static void apply(EventPayload.BookDelta delta, Map<Long, Long> bids, Map<Long, Long> asks, Market market) {
        for (LevelChange change : delta.changes()) {
            Map<Long, Long> side = change.side() == Side.BUY ? bids : asks;
            long price = change.price().unscaledAt(market.priceScale());
            if (change.removesLevel()) {
                side.remove(price);
            } else {
                side.put(price, change.qty().unscaledAt(market.qtyScale()));
            }
        }
        assertThat(checksum(bids, asks, market)).isEqualTo(delta.checksum());
    }

    private static long checksum(Map<Long, Long> bids, Map<Long, Long> asks, Market market) {
        return BookChecksum.of(levels(bids, market), levels(asks, market));
    }

    private static List<Level> levels(Map<Long, Long> side, Market market) {
        List<Level> levels = new ArrayList<>();
        side.forEach((price, qty) -> levels.add(new Level(Decimal.of(price, market.priceScale()),
                Decimal.of(qty, market.qtyScale()))));
        return levels;
    }

    private static void checkMirror(OrderBook book, Map<Long, Long> bids, Map<Long, Long> asks,
            PayloadTranslator recorder,
                                    String where) {
        assertThat(toMap(book.bids())).as(where + " bids rebuilt from deltas").isEqualTo(bids);
        assertThat(toMap(book.asks())).as(where + " asks rebuilt from deltas").isEqualTo(asks);
        assertThat(checksum(bids, asks, book.market())).isEqualTo(book.checksum());
    }

    private static Map<Long, Long> toMap(BookSide side) {
        Map<Long, Long> map = new TreeMap<>();
        for (int i = 0; i < side.depth(); i++) {
            map.put(side.level(i).price(), side.level(i).totalQty());
        }
        return map;
    }

    /** Mostly none; sometimes one long past (always rejected) or far ahead (never). */
    private static long randomDeadline(SplittableRandom r) {
        int roll = r.nextInt(20);
        return roll == 0 ? 1 : roll == 1 ? Long.MAX_VALUE : 0;
    }
}
