package io.tickwire.server.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.codec.JsonCodec;
import io.tickwire.codec.PayloadEncoder;
import io.tickwire.engine.command.Command;
import io.tickwire.engine.command.CommandCodec;
import io.tickwire.engine.event.PayloadTranslator;
import io.tickwire.engine.match.MatchingEngine;
import io.tickwire.journal.CommittedBatch;
import io.tickwire.journal.JournalEvent;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.Topic;
import io.tickwire.protocol.message.TimeInForce;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core's clock-driven commands: a dead man's switch firing, the statistics' ticks. */
class CoreClockTest {

    @TempDir
    Path dir;

    private long request;

    private void submit(TradingCore core, Command command) throws InterruptedException {
        while (!core.submit(command)) {
            Thread.sleep(1);
        }
    }

    private Command.Place limit(long user, Side side, String price, String qty) {
        return new Command.Place(++request, user, "BTC-USDT", side, OrderType.LIMIT, TimeInForce.GTC,
                Decimal.parse(price), Decimal.parse(qty), null);
    }

    private static boolean has(List<CommittedBatch<CoreBatch>> batches, String text) {
        return batches.stream().flatMap(b -> b.events().stream())
                .anyMatch(e -> new String(e.data(), StandardCharsets.UTF_8).contains(text));
    }

    @Test
    void aSwitchFiresThroughTheJournalSoAReplayFromScratchYieldsTheSameEventsAndStateByteForByte()
            throws Exception {
        CoreConfig config = CoreFixtures.config(dir);
        List<CommittedBatch<CoreBatch>> released = new CopyOnWriteArrayList<>();
        byte[] live;
        List<String> journaled = new ArrayList<>();
        try (TradingCore core = TradingCore.open(config, CoreFixtures.markets(), released::add)) {
            core.startTimers();
            submit(core, new Command.Deposit(++request, 1, "USDT", Decimal.parse("1000000")));
            submit(core, new Command.Deposit(++request, 2, "BTC", Decimal.parse("10")));
            submit(core, limit(1, Side.BUY, "100.00", "1"));
            submit(core, limit(1, Side.BUY, "99.00", "1"));
            submit(core, limit(2, Side.SELL, "100.00", "0.5"));
            submit(core, new Command.CancelAllAfter(++request, 1, 1_000));
            await("the switch fired").atMost(Duration.ofSeconds(30)).until(() -> has(released, "dead_man_switch"));
            await("the candles reported").atMost(Duration.ofSeconds(30)).until(() -> has(released, "\"close\""));
            live = core.query(TradingCore::snapshotBytes).get();
            core.journal().readBatches(0, b -> {
                b.events().forEach(e -> journaled.add(describe(e.stream(), e.type(), e.data())));
                return true;
            });
            assertThat(core.query(MatchingEngine::openOrderCount).get()).as("both bids canceled").isZero();
        }
        // No snapshot: the reopened core replays every command from the first, the switch's firing too.
        try (Stream<Path> snapshots = Files.walk(config.snapshotDirectory())) {
            snapshots.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        try (TradingCore core = TradingCore.open(config, CoreFixtures.markets(), batch -> { })) {
            List<String> replayed = new ArrayList<>();
            MatchingEngine engine = new MatchingEngine(CoreFixtures.markets(), config.closedOrdersKept());
            PayloadTranslator translator = new PayloadTranslator();
            PayloadEncoder encoder = new PayloadEncoder(new JsonCodec());
            core.journal().replay(0, batch -> {
                for (byte[] bytes : batch.commands()) {
                    translator.clear();
                    engine.process(CommandCodec.decode(bytes), batch.ts(), translator);
                    translator.events().forEach(e -> replayed.add(describe(stream(e),
                            e.payload().type(), encoder.encode(e.payload()))));
                }
            });
            assertThat(replayed).isEqualTo(journaled);
            assertThat(core.query(TradingCore::snapshotBytes).get()).isEqualTo(live);
            assertThat(TradingCore.snapshotBytes(engine)).isEqualTo(live);
        }
    }

    /** The stream an emitted event belongs to, as the journal names it. */
    private static String stream(PayloadTranslator.Emitted event) {
        return event.topic() instanceof Topic.Account ? JournalEvent.accountStream(event.userId())
                : event.topic().name();
    }

    private static String describe(String stream, String type, byte[] data) {
        return stream + " " + type + " " + new String(data, StandardCharsets.UTF_8);
    }
}
