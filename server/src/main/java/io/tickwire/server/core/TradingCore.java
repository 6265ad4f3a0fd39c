package io.tickwire.server.core;

import io.tickwire.agent.AgentThreads;
import io.tickwire.engine.command.Command;
import io.tickwire.engine.command.CommandCodec;
import io.tickwire.engine.event.EngineEventSink;
import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.engine.match.EngineSnapshot;
import io.tickwire.engine.match.MatchingEngine;
import io.tickwire.engine.sequencer.Sequencer;
import io.tickwire.journal.Journal;
import io.tickwire.journal.JournalException;
import io.tickwire.journal.JournalListener;
import io.tickwire.journal.snapshot.SnapshotStore;
import io.tickwire.codec.JsonCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running trading core: recovery at open, the sequencer over the engine, the journal, and
 * engine snapshots. Commands go in with {@link #submit}; committed batches (events with their
 * seqs, receipts attached) come out, durable, to the {@link JournalListener} given at open.
 *
 * <p>Recovery: open the journal (which cuts a damaged tail), load the newest intact snapshot
 * that the journal covers, replay every later batch's commands through the engine. The engine
 * is deterministic, so this rebuilds exactly the state the released events describe.
 *
 * <p>A snapshot is serialised on the sequencer thread after batch B was handed over, and
 * written only once the journal says B is durable: a snapshot never reflects a command whose
 * batch could still be lost. Then the journal may drop segments that only hold batches up to B.
 */
public final class TradingCore implements OrderEntry, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TradingCore.class);

    private final CoreConfig config;
    private final MarketRegistry markets;
    private final Journal<CoreBatch> journal;
    private final SnapshotStore snapshots;
    private final JournalingOutput output;
    private final Sequencer sequencer;
    private final ScheduledExecutorService snapshotter;
    private final CommandCounters commandCounters = new CommandCounters();
    private final CoreTimers timers;
    private volatile long lastSnapshotBatch;
    private volatile boolean closed;

    private volatile long lastSnapshotMillis = System.currentTimeMillis();

    private final ExecutorService snapshotWriter = Executors.newSingleThreadExecutor(
            AgentThreads.factory("snapshot-writer", e -> log.error("snapshot writer failed", e)));

    private TradingCore(CoreConfig config, MarketRegistry markets, JournalListener<CoreBatch> downstream,
            JsonCodec codec)
            throws IOException {
        this.config = config;
        this.markets = markets;
        checkFingerprint(config, markets);
        this.journal = Journal.open(config.journal(), downstream);
        this.snapshots = new SnapshotStore(config.snapshotDirectory(), 3);
        MatchingEngine engine = recover();
        this.timers = new CoreTimers(this::submit);
        // Switches armed before the restart fire as if it had not happened (or at once, if overdue).
        engine.armedSwitches().forEach(timers::armed);
        timers.statisticsDue(engine.statistics().nextDue());
        this.output = new JournalingOutput(journal, markets, codec, commandCounters, timers,
                engine.statistics()::nextDue);
        this.sequencer = new Sequencer(engine, output, config.commandQueue(), config.maxBatch(),
                System::currentTimeMillis).start();
        this.snapshotter = Executors.newSingleThreadScheduledExecutor(
                AgentThreads.factory("snapshotter", e -> log.error("snapshotter failed", e)));
        long period = Math.max(100, Math.min(config.snapshotEvery().toMillis(), 1000));
        snapshotter.scheduleWithFixedDelay(this::maybeSnapshot, period, period, TimeUnit.MILLISECONDS);
    }

    /** Opens the core on its data, recovering state, and starts its threads. */
    public static TradingCore open(CoreConfig config, MarketRegistry markets, JournalListener<CoreBatch> downstream) {
        try {
            return new TradingCore(config, markets, downstream, new JsonCodec());
        } catch (IOException e) {
            throw new JournalException("cannot open the trading core: " + e.getMessage(), e);
        }
    }

    /**
     * Replay is only faithful with the configuration the journal was written under: a changed
     * fee or scale would recompute past commands differently. The first open records a
     * fingerprint of the markets and engine settings; a later open with another refuses to start.
     */
    private static void checkFingerprint(CoreConfig config, MarketRegistry markets) throws IOException {
        StringBuilder text = new StringBuilder("closedOrdersKept=").append(config.closedOrdersKept());
        markets.assets().forEach(a -> text.append('\n').append(a));
        markets.markets().forEach(m -> text.append('\n').append(m));
        Path file = config.journal().directory().resolveSibling("core.fingerprint");
        String expected = text.toString();
        if (Files.exists(file)) {
            String recorded = Files.readString(file);
            if (!recorded.equals(expected)) {
                throw new JournalException("the markets or engine settings differ from those the journal in "
                        + config.journal().directory() + " was written with; replaying it would not rebuild the same "
                        + "state. Recorded:\n" + recorded + "\nNow:\n" + expected);
            }
            return;
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, expected);
    }

    private MatchingEngine recover() throws IOException {
        long journalBatch = journal.lastBatch();
        Optional<SnapshotStore.Snapshot> snapshot = snapshots.latest(journalBatch);
        MatchingEngine engine;
        long from;
        if (snapshot.isPresent()) {
            engine = EngineSnapshot.read(markets, config.closedOrdersKept(),
                    new DataInputStream(new ByteArrayInputStream(snapshot.get().bytes())));
            from = snapshot.get().batch();
        } else {
            engine = new MatchingEngine(markets, config.closedOrdersKept());
            from = 0;
        }
        lastSnapshotBatch = from;
        journal.retainAfter(snapshots.oldestKeptBatch());
        long[] replayed = new long[2];
        // Replay needs no events: they are already in the journal.
        EngineEventSink discard = new EngineEventSink() {
        };
        journal.replay(from, batch -> {
            for (byte[] command : batch.commands()) {
                engine.process(CommandCodec.decode(command), batch.ts(), discard);
                replayed[1]++;
            }
            replayed[0]++;
        });
        log.info("engine recovered from {} plus {} batches ({} commands) of the journal; last batch {}",
                snapshot.isPresent() ? "snapshot at batch " + from : "an empty state", replayed[0], replayed[1],
                journalBatch);
        return engine;
    }

    /**
     * Starts the clock-driven commands: dead man's switches firing and the market statistics'
     * ticks. Call once whatever takes the core's batches has started (a hub captures the state of
     * a core no command has reached yet); until then no switch fires.
     */
    public void startTimers() {
        timers.start();
    }

    /** Whether the core takes commands: started, not closed, and its sequencer has not failed. */
    public boolean isRunning() {
        return !closed && sequencer.failure() == null;
    }

    /** The batch the newest snapshot written describes (0: none yet). */
    public long lastSnapshotBatch() {
        return lastSnapshotBatch;
    }

    /** The configuration the core runs with. */
    public CoreConfig config() {
        return config;
    }

    /**
     * Queues a command; never blocks.
     *
     * @return false when the core cannot take it now (queue full, closing): tell the client to retry
     */
    @Override
    public CompletionStage<Enqueued> enqueue(Command command) {
        return CompletableFuture.completedStage(submit(command) ? Enqueued.QUEUED : Enqueued.REFUSED);
    }

    /**
     * Queues a command; never blocks.
     *
     * @return false when the core cannot take it now (queue full, closing): tell the client to retry
     */
    public boolean submit(Command command) {
        if (!closed && sequencer.submit(command)) {
            return true;
        }
        commandCounters.refused(command);
        return false;
    }

    /** Commands by type and outcome since start. */
    public CommandCounters commandCounters() {
        return commandCounters;
    }

    /** Commands waiting for the sequencer now (approximate while it runs). */
    public int queueDepth() {
        return sequencer.queueDepth();
    }

    /** Runs a read of engine state on the sequencer thread, between batches. */
    public <T> CompletableFuture<T> query(Function<MatchingEngine, T> read) {
        return sequencer.onEngineThread(read);
    }

    /**
     * The journal number of the last batch handed to the journal; call only on the engine thread
     * (inside {@link #query}), where it matches the engine state exactly.
     */
    public long appendedBatchOnEngineThread() {
        return output.appendedBatch();
    }

    public Journal<CoreBatch> journal() {
        return journal;
    }

    public MarketRegistry markets() {
        return markets;
    }

    /** The canonical bytes of the engine state (see {@link EngineSnapshot#write}). */
    public static byte[] snapshotBytes(MatchingEngine engine) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            EngineSnapshot.write(engine, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private record Taken(long batch, byte[] bytes) {
    }

    private void maybeSnapshot() {
        try {
            long pending = output.appendedBatch() - lastSnapshotBatch;
            boolean due = pending >= config.snapshotEveryBatches()
                    || (pending > 0
                            && System.currentTimeMillis() - lastSnapshotMillis >= config.snapshotEvery().toMillis());
            if (due && !closed) {
                snapshotNow().get(60, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            log.warn("engine snapshot failed: {}", e.toString());
        }
    }

    /**
     * Takes a snapshot now; completes with the batch it covers once it is on disk. Only the
     * serialisation runs on the sequencer thread; waiting for durability and the file I/O run on
     * the snapshotter's thread.
     */
    public CompletableFuture<Long> snapshotNow() {
        return sequencer.onEngineThread(engine -> new Taken(output.appendedBatch(), snapshotBytes(engine)))
                .thenApplyAsync(this::writeWhenDurable, snapshotWriter);
    }

    private long writeWhenDurable(Taken taken) {
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (journal.lastBatch() < taken.batch()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("batch " + taken.batch() + " did not become durable");
                }
                Thread.sleep(1);
            }
            if (taken.batch() <= lastSnapshotBatch && taken.batch() != 0) {
                return taken.batch();
            }
            snapshots.write(taken.batch(), taken.bytes());
            lastSnapshotBatch = taken.batch();
            lastSnapshotMillis = System.currentTimeMillis();
            journal.retainAfter(snapshots.oldestKeptBatch());
            return taken.batch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Applies what is queued, takes a final snapshot, makes everything durable and stops. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        timers.close();
        snapshotter.shutdown();
        try {
            snapshotNow().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("final snapshot failed: {}", e.toString());
        }
        sequencer.close();
        journal.close();
        snapshotWriter.shutdown();
    }
}
