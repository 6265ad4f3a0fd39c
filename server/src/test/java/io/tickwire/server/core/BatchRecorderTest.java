package io.tickwire.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.codec.JsonCodec;
import io.tickwire.codec.MirrorDecoder;
import io.tickwire.codec.PayloadEncoder;
import io.tickwire.engine.command.Command;
import io.tickwire.engine.command.CommandCodec;
import io.tickwire.engine.event.BookChanges;
import io.tickwire.engine.event.CandleView;
import io.tickwire.engine.event.EngineEventSink;
import io.tickwire.engine.event.OrderView;
import io.tickwire.engine.event.PayloadTranslator;
import io.tickwire.engine.event.Receipt;
import io.tickwire.engine.event.TickerView;
import io.tickwire.engine.market.Asset;
import io.tickwire.engine.market.Market;
import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.engine.match.MatchingEngine;
import io.tickwire.journal.CommittedBatch;
import io.tickwire.journal.Durability;
import io.tickwire.journal.Journal;
import io.tickwire.journal.JournalConfig;
import io.tickwire.journal.JournalEvent;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.CandleInterval;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.OrderRef;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.RejectCode;
import io.tickwire.protocol.message.Role;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.TimeInForce;
import io.tickwire.protocol.message.Topic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sequencer's straight pass ({@link BatchRecorder}: the engine's views written as JSON into
 * the journal's pooled batches) gives, through a real journal, exactly what the records path
 * gave: every event's stream, type and data bytes, the receipts, the commands' bytes, and the
 * payloads the hub's mirrors read back. The records path is {@link PayloadTranslator} with the
 * codec's {@link PayloadEncoder}, as the core journaled events before.
 */
class BatchRecorderTest {
    private static final long USERS = 8;

    @TempDir
    Path dir;

    private final JsonCodec codec = new JsonCodec();

    @Test
    void theStraightPassJournalsWhatTheRecordsPathDid() throws Exception {
        Map<String, Integer> seen = new HashMap<>();
        for (int seed = 1; seed <= 12; seed++) {
            compare(seed, seen);
        }
        // The streams must have exercised every event and receipt shape.
        assertThat(seen).containsKeys("order.update", "trade", "balance.update", "book.delta", "market.trade",
                "ticker", "candle", "receipt:batch", "receipt:canceled", "receipt:switch", "receipt:rejected",
                "cancel_reason", "market_order", "escaped_client_id", "unfilled_ticker");
        assertThat(seen.get("trade")).isGreaterThan(1_000);
    }

    private void compare(int seed, Map<String, Integer> seen) throws Exception {
        MarketRegistry markets = markets();
        BlockingQueue<CommittedBatch<CoreBatch>> released = new LinkedBlockingQueue<>();
        JournalConfig config = JournalConfig.defaults(dir.resolve("seed-" + seed)).withSegmentBytes(1 << 20)
                .withDurability(Durability.NONE).withPreallocation(false);
        MatchingEngine engine = new MatchingEngine(markets, 20);
        PayloadTranslator translator = new PayloadTranslator();
        PayloadEncoder encoder = new PayloadEncoder(codec);
        List<Outcome> outcomes = new ArrayList<>();
        BatchRecorder recorder = new BatchRecorder(markets, codec, new BatchRecorder.Outcomes() {
            @Override
            public void processed(Command command, boolean accepted) {
                outcomes.add(new Outcome(command, accepted, 0));
            }

            @Override
            public void armed(long userId, long triggerAt) {
                outcomes.add(new Outcome(null, true, triggerAt));
            }
        });
        SplittableRandom random = new SplittableRandom(seed);
        List<Expected> expected = new ArrayList<>();
        long ts = 1_700_000_000_000L;
        long request = 0;
        try (Journal<CoreBatch> journal = Journal.open(config, released::add)) {
            for (int b = 0; b < 400; b++) {
                ts += step(random);
                recorder.begin(journal.newBatch(ts));
                Expected batch = new Expected(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                int size = 1 + random.nextInt(6);
                for (int c = 0; c < size; c++) {
                    Command command = request < USERS * 3 ? funding((int) request++)
                            : randomCommand(random, ++request, engine, markets, seen);
                    translator.clear();
                    engine.process(command, ts, new Both(recorder, translator));
                    batch.commands().add(CommandCodec.encode(command));
                    for (PayloadTranslator.Emitted e : translator.events()) {
                        batch.events().add(new Event(stream(e), e.payload().type(), encoder.encode(e.payload()),
                                e.payload()));
                        seen.merge(e.payload().type(), 1, Integer::sum);
                        if (e.payload() instanceof EventPayload.OrderUpdate u && u.order().cancelReason() != null) {
                            seen.merge("cancel_reason", 1, Integer::sum);
                        }
                        if (e.payload() instanceof EventPayload.Ticker t && t.trades24h() == 0) {
                            seen.merge("unfilled_ticker", 1, Integer::sum);
                        }
                    }
                    for (Receipt r : translator.receipts()) {
                        if (r.requestId() != 0) {
                            batch.receipts().add(r);
                        }
                        seen.merge(r.results() != null ? "receipt:batch" : r.canceled() >= 0 ? "receipt:canceled"
                                : r.triggerAt() >= 0 ? "receipt:switch" : r.accepted() ? "receipt" : "receipt:rejected",
                                1, Integer::sum);
                    }
                }
                journal.append(recorder.finish());
                expected.add(batch);
            }
            for (Expected batch : expected) {
                CommittedBatch<CoreBatch> actual = released.poll(10, TimeUnit.SECONDS);
                assertThat(actual).as("seed %d: a batch released", seed).isNotNull();
                String where = "seed " + seed + " batch " + actual.number();
                assertThat(actual.commands()).as(where).hasSameSizeAs(batch.commands());
                for (int i = 0; i < batch.commands().size(); i++) {
                    assertThat(actual.commands().get(i)).as(where).isEqualTo(batch.commands().get(i));
                }
                assertThat(actual.events()).as(where).hasSameSizeAs(batch.events());
                for (int i = 0; i < batch.events().size(); i++) {
                    Event e = batch.events().get(i);
                    JournalEvent event = actual.events().get(i);
                    assertThat(event.stream() + " " + event.type() + " " + text(event.data())).as(where)
                            .isEqualTo(e.stream() + " " + e.type() + " " + text(e.data()));
                    assertThat(event.ts()).isEqualTo(actual.ts());
                    assertThat(actual.attachment().payload(i, event)).as(where + " " + e.type())
                            .isEqualTo(MirrorDecoder.decodes(e.type()) ? e.payload() : null);
                }
                assertThat(actual.attachment().receipts()).as(where).isEqualTo(batch.receipts());
            }
        }
        assertThat(outcomes).as("every outcome reported").isNotEmpty();
    }

    private record Outcome(Command command, boolean accepted, long triggerAt) {
    }

    private record Event(String stream, String type, byte[] data, Object payload) {
    }

    private record Expected(List<byte[]> commands, List<Event> events, List<Receipt> receipts) {
    }

    private static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** The stream an emitted event belongs to, as the journal names it. */
    private static String stream(PayloadTranslator.Emitted event) {
        return event.topic() instanceof Topic.Account ? JournalEvent.accountStream(event.userId())
                : event.topic().name();
    }

    private static MarketRegistry markets() {
        return MarketRegistry.builder()
                .asset("BTC", 8).asset("ETH", 8).asset("USDT", 6)
                .market("BTC", "USDT", 2, 3, "0.001", 1000, 2000)
                .market("ETH", "USDT", 2, 4, "0.0001", 0, 0)
                .build();
    }

    private static Command funding(int i) {
        long user = i / 3 + 1;
        String[] assets = {"BTC", "ETH", "USDT"};
        String[] amounts = {"20", "200", "100000"};
        return new Command.Deposit(i + 1, user, assets[i % 3], Decimal.parse(amounts[i % 3]));
    }

    /** Mostly a few ms, at times seconds, minutes or a day: candles close, tickers go stale. */
    private static long step(SplittableRandom r) {
        int roll = r.nextInt(1000);
        return roll < 900 ? 1 + r.nextInt(20) : roll < 990 ? r.nextInt(3_000) : roll < 998 ? r.nextInt(600_000)
                : 86_400_000L;
    }

    private static Command randomCommand(SplittableRandom r, long request, MatchingEngine engine,
                                         MarketRegistry markets, Map<String, Integer> seen) {
        long user = 1 + r.nextLong(USERS);
        Market market = markets.market(r.nextInt(markets.markets().size()));
        int kind = r.nextInt(100);
        if (kind < 55) {
            boolean marketOrder = kind >= 50;
            TimeInForce tif = marketOrder ? (r.nextBoolean() ? TimeInForce.FOK : TimeInForce.IOC)
                    : TimeInForce.values()[r.nextInt(TimeInForce.values().length)];
            if (marketOrder) {
                seen.merge("market_order", 1, Integer::sum);
            }
            return new Command.Place(request, user, market.name(), r.nextBoolean() ? Side.BUY : Side.SELL,
                    marketOrder ? OrderType.MARKET : OrderType.LIMIT, tif, marketOrder ? null : price(r, market),
                    qty(r, market), clientId(r, seen), r.nextInt(50) == 0 ? 1 : 0);
        }
        if (kind < 65) {
            return new Command.Cancel(request, user, ref(r, engine));
        }
        if (kind < 85) {
            Decimal price = r.nextBoolean() ? price(r, market) : null;
            return new Command.Amend(request, user, ref(r, engine), price,
                    price == null || r.nextBoolean() ? qty(r, market) : null, 0);
        }
        return switch (kind) {
            case 85, 86 -> new Command.CancelAll(request, user, r.nextBoolean() ? null : market.name());
            case 87 -> new Command.CancelAllAfter(request, user, r.nextBoolean() ? 0 : 1_000 + r.nextInt(5_000));
            case 88 -> new Command.FireCancelAllAfter(0, user, engine.armedSwitches().getOrDefault(user, 1L));
            case 89 -> new Command.CancelDisconnected(0, user, List.of(1 + r.nextLong(engine.nextOrderId()),
                    1 + r.nextLong(engine.nextOrderId())));
            case 90, 91 -> new Command.Tick(0);
            case 92, 93 -> batch(r, request, user, markets, seen);
            case 94, 95 -> new Command.Withdraw(request, user, "USDT", Decimal.of(1 + r.nextLong(50_000_000), 6));
            default -> new Command.Deposit(request, user, r.nextBoolean() ? "BTC" : "USDT", Decimal.parse("3"));
        };
    }

    private static Command batch(SplittableRandom r, long request, long user, MarketRegistry markets,
                                 Map<String, Integer> seen) {
        int size = r.nextInt(8) == 0 ? Command.PlaceBatch.MAX_BATCH + 1 : 1 + r.nextInt(5);
        List<Command.Place> orders = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Market market = markets.market(r.nextInt(markets.markets().size()));
            orders.add(new Command.Place(request, user, market.name(), r.nextBoolean() ? Side.BUY : Side.SELL,
                    OrderType.LIMIT, r.nextInt(3) == 0 ? TimeInForce.IOC : TimeInForce.GTC, price(r, market),
                    qty(r, market), clientId(r, seen)));
        }
        return new Command.PlaceBatch(request, user, orders);
    }

    /** Near 100.00, dense enough that orders cross often. */
    private static Decimal price(SplittableRandom r, Market market) {
        return Decimal.of(10_000 + r.nextLong(-40, 41), market.priceScale());
    }

    private static Decimal qty(SplittableRandom r, Market market) {
        return Decimal.of(1 + r.nextLong(3 * Decimal.powerOfTen(market.qtyScale())), market.qtyScale());
    }

    /** Mostly none or plain; at times one the JSON must escape (the engine takes what a command carries). */
    private static String clientId(SplittableRandom r, Map<String, Integer> seen) {
        int roll = r.nextInt(10);
        if (roll == 0) {
            seen.merge("escaped_client_id", 1, Integer::sum);
            return "q\"\\\u0001é" + r.nextInt(20);
        }
        return roll < 4 ? "c" + r.nextInt(40) : null;
    }

    private static OrderRef ref(SplittableRandom r, MatchingEngine engine) {
        return r.nextInt(5) == 0 ? OrderRef.byClientId("c" + r.nextInt(40))
                : OrderRef.byId(1 + r.nextLong(Math.max(1, engine.nextOrderId())));
    }

    /** Hands every callback to both sinks, the straight pass first. */
    private record Both(EngineEventSink first, EngineEventSink second) implements EngineEventSink {
        @Override
        public void commandStart(Command command, long ts) {
            first.commandStart(command, ts);
            second.commandStart(command, ts);
        }

        @Override
        public void orderUpdate(OrderView order) {
            first.orderUpdate(order);
            second.orderUpdate(order);
        }

        @Override
        public void trade(OrderView order, long tradeId, Role role, long price, long qty, long fee) {
            first.trade(order, tradeId, role, price, qty, fee);
            second.trade(order, tradeId, role, price, qty, fee);
        }

        @Override
        public void balanceUpdate(long userId, Asset asset, long avail, long frozen) {
            first.balanceUpdate(userId, asset, avail, frozen);
            second.balanceUpdate(userId, asset, avail, frozen);
        }

        @Override
        public void bookDelta(Market market, BookChanges changes, long checksum) {
            first.bookDelta(market, changes, checksum);
            second.bookDelta(market, changes, checksum);
        }

        @Override
        public void marketTrade(Market market, long tradeId, long price, long qty, Side takerSide) {
            first.marketTrade(market, tradeId, price, qty, takerSide);
            second.marketTrade(market, tradeId, price, qty, takerSide);
        }

        @Override
        public void receipt(Command command, boolean accepted, long orderId, String clientOrderId, RejectCode code,
                            String message) {
            first.receipt(command, accepted, orderId, clientOrderId, code, message);
            second.receipt(command, accepted, orderId, clientOrderId, code, message);
        }

        @Override
        public void canceledAll(Command command, int canceled) {
            first.canceledAll(command, canceled);
            second.canceledAll(command, canceled);
        }

        @Override
        public void cancelAllAfter(Command command, long triggerAt) {
            first.cancelAllAfter(command, triggerAt);
            second.cancelAllAfter(command, triggerAt);
        }

        @Override
        public void ticker(Market market, TickerView ticker) {
            first.ticker(market, ticker);
            second.ticker(market, ticker);
        }

        @Override
        public void candle(Market market, CandleInterval interval, CandleView candle, boolean closed) {
            first.candle(market, interval, candle, closed);
            second.candle(market, interval, candle, closed);
        }

        @Override
        public void commandEnd() {
            first.commandEnd();
            second.commandEnd();
        }
    }
}
