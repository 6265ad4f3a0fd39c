package io.tickwire.server.core;

import io.tickwire.engine.command.Command;
import io.tickwire.engine.command.CommandCodec;
import io.tickwire.engine.event.BookChanges;
import io.tickwire.engine.event.EngineEventSink;
import io.tickwire.engine.event.PayloadTranslator;
import io.tickwire.engine.event.OrderView;
import io.tickwire.engine.event.Receipt;
import io.tickwire.engine.market.Asset;
import io.tickwire.engine.market.Market;
import io.tickwire.engine.sequencer.Sequencer;
import io.tickwire.engine.stats.CandleValues;
import io.tickwire.engine.stats.TickerValues;
import io.tickwire.journal.Batch;
import io.tickwire.journal.Journal;
import io.tickwire.journal.JournalEvent;
import io.tickwire.codec.JsonCodec;
import io.tickwire.codec.PayloadEncoder;
import io.tickwire.protocol.message.CandleInterval;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.RejectCode;
import io.tickwire.protocol.message.Role;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Turns each sequencer batch into a journal batch: every command encoded for replay, every
 * event's {@code data} encoded once for its stream, and the receipts attached, so that they
 * reach their requesters only when the journal releases the batch as durable. Runs on the
 * sequencer thread.
 */
final class JournalingOutput implements Sequencer.Output, EngineEventSink {
    private final Journal<CoreBatch> journal;
    private final PayloadEncoder encoder;
    private final PayloadTranslator recorder = new PayloadTranslator();
    private Batch<CoreBatch> batch;
    private List<Receipt> receipts;
    private List<EventPayload> payloads;
    private long appendedBatch;

    private final CommandCounters counters;
    private final CoreTimers timers;
    private final LongSupplier statisticsDue;

    /**
     * @param timers        told of each dead man's switch armed, and after each batch of when the
     *                      market statistics are next due
     * @param statisticsDue the engine's {@code statistics().nextDue()}, read on this thread
     */
    JournalingOutput(Journal<CoreBatch> journal, JsonCodec codec, CommandCounters counters, CoreTimers timers,
                     LongSupplier statisticsDue) {
        this.counters = counters;
        this.timers = timers;
        this.statisticsDue = statisticsDue;
        this.journal = journal;
        this.encoder = new PayloadEncoder(codec);
        this.appendedBatch = journal.lastBatch();
    }

    /** The journal number of the last batch handed over (durable or not yet). */
    long appendedBatch() {
        return appendedBatch;
    }

    /** The stream an emitted event belongs to. */
    static String stream(PayloadTranslator.Emitted event) {
        return event.topic() instanceof Topic.Account ? JournalEvent.accountStream(event.userId())
                : event.topic().name();
    }

    @Override
    public EngineEventSink beginBatch(long ts) {
        batch = new Batch<>(ts);
        receipts = new ArrayList<>();
        payloads = new ArrayList<>();
        return this;
    }

    @Override
    public void endBatch() {
        batch.attach(new CoreBatch(List.copyOf(receipts), List.copyOf(payloads)));
        journal.append(batch);
        appendedBatch++;
        batch = null;
        timers.statisticsDue(statisticsDue.getAsLong());
    }

    @Override
    public void commandStart(Command command, long ts) {
        batch.command(CommandCodec.encode(command));
        recorder.clear();
        recorder.commandStart(command, ts);
    }

    @Override
    public void commandEnd() {
        for (PayloadTranslator.Emitted event : recorder.events()) {
            batch.event(stream(event), event.payload().type(), encoder.encode(event.payload()));
            payloads.add(event.payload());
        }
        for (Receipt receipt : recorder.receipts()) {
            if (receipt.requestId() != 0) { // the core's own commands (ticks, a switch firing): nobody waits
                receipts.add(receipt);
            }
        }
        recorder.clear();
    }

    @Override
    public void orderUpdate(OrderView order) {
        recorder.orderUpdate(order);
    }

    @Override
    public void trade(OrderView order, long tradeId, Role role, long price, long qty, long fee) {
        recorder.trade(order, tradeId, role, price, qty, fee);
    }

    @Override
    public void balanceUpdate(long userId, Asset asset, long avail, long frozen) {
        recorder.balanceUpdate(userId, asset, avail, frozen);
    }

    @Override
    public void bookDelta(Market market, BookChanges changes, long checksum) {
        recorder.bookDelta(market, changes, checksum);
    }

    @Override
    public void marketTrade(Market market, long tradeId, long price, long qty, Side takerSide) {
        recorder.marketTrade(market, tradeId, price, qty, takerSide);
    }

    @Override
    public void receipt(Command command, boolean accepted, long orderId, String clientOrderId, RejectCode code,
                        String message) {
        counters.processed(command, accepted);
        recorder.receipt(command, accepted, orderId, clientOrderId, code, message);
    }

    @Override
    public void cancelAllAfter(Command command, long triggerAt) {
        counters.processed(command, true);
        recorder.cancelAllAfter(command, triggerAt);
        timers.armed(command.userId(), triggerAt);
    }

    @Override
    public void ticker(Market market, TickerValues ticker) {
        recorder.ticker(market, ticker);
    }

    @Override
    public void candle(Market market, CandleInterval interval, CandleValues candle, boolean closed) {
        recorder.candle(market, interval, candle, closed);
    }

    @Override
    public void canceledAll(Command command, int canceled) {
        counters.processed(command, true);
        recorder.canceledAll(command, canceled);
    }
}
