package io.tickwire.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.engine.command.CommandCodec;
import io.tickwire.engine.event.PayloadTranslator;
import io.tickwire.engine.match.MatchingEngine;
import io.tickwire.journal.Journal;
import io.tickwire.testkit.process.KillableChild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the whole core (sequencer, journal, snapshots) at random moments, 20
 * times. After each kill the core recovers (newest snapshot plus replay) and its engine state
 * must equal, byte for byte, an oracle that replays every journaled command from the start;
 * no batch the child saw released may be missing.
 */
class CoreCrashTest {

    static final int KILLS = 20;

    @TempDir
    Path dir;

    /**
     * Replays every journaled command from the first batch; kept across rounds, since batches that survived a recovery
     * are permanent.
     */
    private MatchingEngine oracleEngine;

    private long oracleBatch;

    @Test
    void recoveredStateEqualsAReplayOfTheWholeJournalAfterEveryKill() throws Exception {
        Random random = new Random(99);
        int snapshotsUsed = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            long released;
            try (KillableChild child = KillableChild.start(CoreCrashChild.class, dir.toString(), String.valueOf(1000
                    + kill))) {
                assertThat(child.awaitFirstRelease(Duration.ofSeconds(30))).isTrue();
                Thread.sleep(20 + random.nextInt(150));
                released = child.kill();
            }

            long t0 = System.nanoTime();
            byte[] recovered;
            long lastBatch;
            try (TradingCore core = TradingCore.open(CoreFixtures.config(dir), CoreFixtures.markets(), b -> { })) {
                lastBatch = core.journal().lastBatch();
                assertThat(lastBatch).as("kill " + kill).isGreaterThanOrEqualTo(released);
                recovered = core.query(TradingCore::snapshotBytes).get();
                // close() writes a snapshot of this same state; the next round recovers from it.
            }
            try (var files = Files.list(dir.resolve("snapshots"))) {
                snapshotsUsed += files.anyMatch(p -> p.toString().endsWith(".snap")) ? 1 : 0;
            }
            long t1 = System.nanoTime();
            assertThat(recovered).as("kill " + kill + ": snapshot + replay equals a full replay")
                    .isEqualTo(oracle(lastBatch));
            System.out.printf("kill %d: batch %d, recover+close %d ms, oracle %d ms%n", kill, lastBatch,
                    (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
        }
        assertThat(snapshotsUsed).isPositive();
    }

    /** The engine state after replaying every command of the journal from the first batch. */
    private byte[] oracle(long expectedLastBatch) {
        if (oracleEngine == null) {
            oracleEngine = new MatchingEngine(CoreFixtures.markets(), CoreFixtures.config(dir).closedOrdersKept());
        }
        MatchingEngine engine = oracleEngine;
        PayloadTranslator ignore = new PayloadTranslator();
        long[] last = {oracleBatch};
        try (Journal<Object> journal = Journal.open(CoreFixtures.config(dir).journal(), b -> { })) {
            journal.replay(oracleBatch, batch -> {
                for (byte[] command : batch.commands()) {
                    ignore.clear();
                    engine.process(CommandCodec.decode(command), batch.ts(), ignore);
                }
                last[0] = batch.number();
            });
        }
        assertThat(last[0]).isEqualTo(expectedLastBatch);
        oracleBatch = last[0];
        return TradingCore.snapshotBytes(engine);
    }
}
