package io.tickwire.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.engine.command.Command;
import io.tickwire.engine.event.Receipt;
import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.journal.CommittedBatch;
import io.tickwire.journal.JournalEvent;
import io.tickwire.journal.JournalException;
import io.tickwire.protocol.decimal.Decimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TradingCoreTest {

    @TempDir
    Path dir;

    @Test
    void everyBatchIsDurableBeforeItIsReleasedAndCarriesItsReceipts() throws Exception {
        List<String> violations = new CopyOnWriteArrayList<>();
        List<CommittedBatch<CoreBatch>> released = new CopyOnWriteArrayList<>();
        TradingCore[] core = new TradingCore[1];
        core[0] = TradingCore.open(CoreFixtures.config(dir), CoreFixtures.markets(), batch -> {
            if (core[0] != null && core[0].journal().lastBatch() < batch.number()) {
                violations.add("batch " + batch.number() + " released before durable");
            }
            released.add(batch);
        });
        try (TradingCore c = core[0]) {
            CoreFixtures.Commands commands = new CoreFixtures.Commands(1);
            int submitted = 0;
            for (int i = 0; i < 3000; i++) {
                Command command = commands.next();
                while (!c.submit(command)) {
                    Thread.sleep(1);
                }
                submitted++;
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (receipts(released).size() < submitted && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            List<Receipt> receipts = receipts(released);
            assertThat(receipts).hasSize(submitted);
            assertThat(receipts).extracting(Receipt::requestId).doesNotHaveDuplicates();
            assertThat(violations).isEmpty();
            // Dense seqs per stream across all released batches.
            Map<String, Long> last = new HashMap<>();
            for (CommittedBatch<CoreBatch> batch : released) {
                for (JournalEvent e : batch.events()) {
                    long expected = last.getOrDefault(e.stream(), 0L) + 1;
                    assertThat(e.seq()).as(e.stream()).isEqualTo(expected);
                    last.put(e.stream(), e.seq());
                }
            }
            assertThat(last).containsKeys("book.BTC-USDT", "trades.BTC-USDT", "account:1");
        }
    }

    private static List<Receipt> receipts(List<CommittedBatch<CoreBatch>> batches) {
        List<Receipt> out = new ArrayList<>();
        for (CommittedBatch<CoreBatch> batch : batches) {
            out.addAll(batch.attachment().receipts());
        }
        return out;
    }

    @Test
    void aCleanRestartComesBackToTheSameStateAndContinuesEveryStream() throws Exception {
        byte[] before;
        Map<String, Long> seqs;
        try (TradingCore core = TradingCore.open(CoreFixtures.config(dir), CoreFixtures.markets(), b -> { })) {
            CoreFixtures.Commands commands = new CoreFixtures.Commands(2);
            for (int i = 0; i < 2000; i++) {
                Command command = commands.next();
                while (!core.submit(command)) {
                    Thread.sleep(1);
                }
            }
            before = waitIdle(core);
            seqs = core.journal().lastSeqs();
        }
        List<CommittedBatch<CoreBatch>> after = new CopyOnWriteArrayList<>();
        try (TradingCore core = TradingCore.open(CoreFixtures.config(dir), CoreFixtures.markets(), after::add)) {
            assertThat(core.query(TradingCore::snapshotBytes).get()).isEqualTo(before);
            assertThat(core.journal().lastSeqs()).isEqualTo(seqs);
            core.submit(new Command.Deposit(1_000_000, 1, "USDT", Decimal.parse("1")));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (after.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            JournalEvent balance = after.get(0).events().get(0);
            assertThat(balance.stream()).isEqualTo("account:1");
            assertThat(balance.seq()).isEqualTo(seqs.get("account:1") + 1);
        }
    }

    /** The engine state once every submitted command is applied and durable. */
    static byte[] waitIdle(TradingCore core) throws Exception {
        byte[] previous = null;
        while (true) {
            byte[] now = core.query(TradingCore::snapshotBytes).get();
            if (previous != null && Arrays.equals(previous, now)) {
                return now;
            }
            previous = now;
            Thread.sleep(50);
        }
    }

    @Test
    void aChangedMarketConfigurationIsRefusedRatherThanReplayedDifferently() {
        TradingCore.open(CoreFixtures.config(dir), CoreFixtures.markets(), b -> { }).close();
        var changedFees = MarketRegistry.builder()
                .asset("BTC", 8).asset("USDT", 6)
                .market("BTC", "USDT", 2, 3, "0.001", 500, 2000)
                .build();
        Assertions.assertThatThrownBy(
                        () -> TradingCore.open(CoreFixtures.config(dir), changedFees, b -> { }))
                .isInstanceOf(JournalException.class)
                .hasMessageContaining("markets or engine settings differ");
    }

    @Test
    void recoveryRefusesToReplayPastAHoleInTheLog() throws Exception {
        var config = CoreFixtures.config(dir);
        try (TradingCore core = TradingCore.open(config, CoreFixtures.markets(), b -> { })) {
            CoreFixtures.Commands commands = new CoreFixtures.Commands(3);
            for (int i = 0; i < 3000; i++) {
                Command command = commands.next();
                while (!core.submit(command)) {
                    Thread.sleep(1);
                }
            }
            waitIdle(core);
        }
        // Lose every snapshot and the first segment: the log no longer starts at batch 1.
        try (var files = Files.list(config.snapshotDirectory())) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        try (var files = Files.list(config.journal().directory())) {
            Path first = files.filter(p -> p.toString().endsWith(".seg")).sorted().findFirst().orElseThrow();
            Files.delete(first);
        }
        Assertions.assertThatThrownBy(
                        () -> TradingCore.open(config, CoreFixtures.markets(), b -> { }))
                .hasMessageContaining("cannot replay from batch 1");
    }
}
