package io.tickwire.server.core;

import io.tickwire.codec.JsonCodec;
import io.tickwire.engine.command.Command;
import io.tickwire.engine.event.EngineEventSink;
import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.engine.sequencer.Sequencer;
import io.tickwire.journal.Journal;
import java.util.function.LongSupplier;

/**
 * Turns each sequencer batch into a journal batch: a pooled batch of the journal's, filled by the
 * {@link BatchRecorder} that the engine reports to (every command encoded for replay, every
 * event's {@code data} encoded once for its stream, the receipts attached), then appended, so
 * that the receipts reach their requesters only when the journal releases the batch as durable.
 * Runs on the sequencer thread.
 */
final class JournalingOutput implements Sequencer.Output {
    private final Journal<CoreBatch> journal;
    private final BatchRecorder recorder;
    private final CoreTimers timers;
    private final LongSupplier statisticsDue;
    private long appendedBatch;

    /**
     * @param counters      told of every command's outcome
     * @param timers        told of each dead man's switch armed, and after each batch of when the
     *                      market statistics are next due
     * @param statisticsDue the engine's {@code statistics().nextDue()}, read on this thread
     */
    JournalingOutput(Journal<CoreBatch> journal, MarketRegistry markets, JsonCodec codec, CommandCounters counters,
                     CoreTimers timers, LongSupplier statisticsDue) {
        this.journal = journal;
        this.timers = timers;
        this.statisticsDue = statisticsDue;
        this.recorder = new BatchRecorder(markets, codec, new BatchRecorder.Outcomes() {
            @Override
            public void processed(Command command, boolean accepted) {
                counters.processed(command, accepted);
            }

            @Override
            public void armed(long userId, long triggerAt) {
                timers.armed(userId, triggerAt);
            }
        });
        this.appendedBatch = journal.lastBatch();
    }

    /** The journal number of the last batch handed over (durable or not yet). */
    long appendedBatch() {
        return appendedBatch;
    }

    @Override
    public EngineEventSink beginBatch(long ts) {
        recorder.begin(journal.newBatch(ts));
        return recorder;
    }

    @Override
    public void endBatch() {
        journal.append(recorder.finish());
        appendedBatch++;
        timers.statisticsDue(statisticsDue.getAsLong());
    }
}
