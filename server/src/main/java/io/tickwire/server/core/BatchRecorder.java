package io.tickwire.server.core;

import io.tickwire.codec.JsonBytes;
import io.tickwire.codec.JsonCodec;
import io.tickwire.codec.MirrorDecoder;
import io.tickwire.engine.command.Command;
import io.tickwire.engine.command.CommandCodec;
import io.tickwire.engine.event.BookChanges;
import io.tickwire.engine.event.CandleView;
import io.tickwire.engine.event.EngineEventSink;
import io.tickwire.engine.event.OrderView;
import io.tickwire.engine.event.Receipt;
import io.tickwire.engine.event.TickerView;
import io.tickwire.engine.market.Asset;
import io.tickwire.engine.market.Market;
import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.journal.Batch;
import io.tickwire.journal.JournalEvent;
import io.tickwire.protocol.message.CandleInterval;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.RejectCode;
import io.tickwire.protocol.message.Role;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.Topic;
import java.util.ArrayList;
import java.util.List;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * The engine's events straight into a journal batch, on the sequencer thread: each command
 * encoded for replay, each event's {@code data} written by {@link EventJson} from the engine's
 * views and copied into the batch with its stream and type, each receipt kept for the batch's
 * {@link CoreBatch}. Per event nothing is allocated: the stream names are made once (a user's
 * account stream when the user is first seen), the JSON buffer is reused, and the batch is the
 * journal's pooled one.
 *
 * <p>The receipts are those {@code PayloadTranslator} records (a batch of orders gets one, with
 * a result per order), less the core's own commands' (ticks, a switch firing), which nobody
 * waits for.
 */
public final class BatchRecorder implements EngineEventSink {

    /** What the core learns from the commands' outcomes as they are decided; the sequencer thread. */
    public interface Outcomes {
        /** The engine decided {@code command} (each order of a batch, too). */
        default void processed(Command command, boolean accepted) {
        }

        /** A dead man's switch was armed for {@code triggerAt}, or disarmed (0). */
        default void armed(long userId, long triggerAt) {
        }
    }

    private final EventJson json;
    /** The hub's, to read back what its mirrors need of these events. */
    private final MirrorDecoder mirrors;
    private final Outcomes outcomes;
    private final String[] bookStreams;
    private final String[] tradeStreams;
    private final String[] tickerStreams;
    /** By market id, then interval ordinal. */
    private final String[][] candleStreams;
    private final Long2ObjectHashMap<String> accountStreams = new Long2ObjectHashMap<>();
    private Batch<CoreBatch> batch;
    private List<Receipt> receipts;
    /** The orders' receipts of the batch of orders being processed, or {@code null}. */
    private List<Receipt> batchResults;
    private long ts;

    public BatchRecorder(MarketRegistry markets, JsonCodec codec, Outcomes outcomes) {
        this.json = new EventJson(markets, codec);
        List<String> names = new ArrayList<>();
        markets.markets().forEach(m -> names.add(m.name()));
        markets.assets().forEach(a -> names.add(a.name()));
        this.mirrors = new MirrorDecoder(codec, names);
        this.outcomes = outcomes;
        int count = markets.markets().size();
        bookStreams = new String[count];
        tradeStreams = new String[count];
        tickerStreams = new String[count];
        candleStreams = new String[count][CandleInterval.values().length];
        for (Market market : markets.markets()) {
            int id = market.id();
            bookStreams[id] = Topic.book(market.name()).name();
            tradeStreams[id] = Topic.trades(market.name()).name();
            tickerStreams[id] = Topic.ticker(market.name()).name();
            for (CandleInterval interval : CandleInterval.values()) {
                candleStreams[id][interval.ordinal()] = Topic.candles(market.name(), interval).name();
            }
        }
    }

    /** Fill {@code batch} (one of the journal's {@code Journal.newBatch}) from here on. */
    public void begin(Batch<CoreBatch> batch) {
        this.batch = batch;
        this.receipts = null;
    }

    /** The batch filled since {@link #begin}, its receipts attached. */
    public Batch<CoreBatch> finish() {
        Batch<CoreBatch> done = batch.attach(new CoreBatch(receipts == null ? List.of() : receipts, null, mirrors));
        batch = null;
        receipts = null;
        return done;
    }

    @Override
    public void commandStart(Command command, long ts) {
        this.ts = ts;
        batch.command(CommandCodec.encode(command));
        batchResults = command instanceof Command.PlaceBatch ? new ArrayList<>() : null;
    }

    @Override
    public void orderUpdate(OrderView order) {
        add(accountStream(order.userId()), EventPayload.OrderUpdate.TYPE, json.orderUpdate(order));
    }

    @Override
    public void trade(OrderView order, long tradeId, Role role, long price, long qty, long fee) {
        add(accountStream(order.userId()), EventPayload.Trade.TYPE,
                json.trade(order, tradeId, role, price, qty, fee, ts));
    }

    @Override
    public void balanceUpdate(long userId, Asset asset, long avail, long frozen) {
        add(accountStream(userId), EventPayload.BalanceUpdate.TYPE, json.balanceUpdate(asset, avail, frozen));
    }

    @Override
    public void bookDelta(Market market, BookChanges changes, long checksum) {
        add(bookStreams[market.id()], EventPayload.BookDelta.TYPE, json.bookDelta(market, changes, checksum));
    }

    @Override
    public void marketTrade(Market market, long tradeId, long price, long qty, Side takerSide) {
        add(tradeStreams[market.id()], EventPayload.MarketTrade.TYPE,
                json.marketTrade(market, tradeId, price, qty, takerSide));
    }

    @Override
    public void ticker(Market market, TickerView ticker) {
        add(tickerStreams[market.id()], EventPayload.Ticker.TYPE, json.ticker(market, ticker));
    }

    @Override
    public void candle(Market market, CandleInterval interval, CandleView candle, boolean closed) {
        add(candleStreams[market.id()][interval.ordinal()], EventPayload.Candle.TYPE,
                json.candle(market, interval, candle, closed));
    }

    @Override
    public void receipt(Command command, boolean accepted, long orderId, String clientOrderId, RejectCode code,
                        String message) {
        outcomes.processed(command, accepted);
        if (batchResults == null) {
            keep(new Receipt(command.requestId(), command.userId(), accepted, orderId, clientOrderId, code,
                    message));
        } else if (command instanceof Command.Place) {
            batchResults.add(new Receipt(command.requestId(), command.userId(), accepted, orderId, clientOrderId,
                    code, message));
        } else {
            // A batch refused as a whole (too large) placed no order, so it has no per-order results.
            keep(new Receipt(command.requestId(), command.userId(), accepted, 0, null, code, message, -1,
                    batchResults.isEmpty() ? null : batchResults, -1));
            batchResults = null;
        }
    }

    @Override
    public void canceledAll(Command command, int canceled) {
        outcomes.processed(command, true);
        keep(new Receipt(command.requestId(), command.userId(), true, 0, null, null, null, canceled));
    }

    @Override
    public void cancelAllAfter(Command command, long triggerAt) {
        outcomes.processed(command, true);
        keep(new Receipt(command.requestId(), command.userId(), true, 0, null, null, null, -1, null, triggerAt));
        outcomes.armed(command.userId(), triggerAt);
    }

    private void add(String stream, String type, JsonBytes data) {
        batch.event(stream, type, data.array(), 0, data.length());
    }

    /** The receipt of a command someone waits for: the core's own (request id 0) have nobody. */
    private void keep(Receipt receipt) {
        if (receipt.requestId() == 0) {
            return;
        }
        if (receipts == null) {
            receipts = new ArrayList<>();
        }
        receipts.add(receipt);
    }

    private String accountStream(long userId) {
        String stream = accountStreams.get(userId);
        if (stream == null) {
            stream = JournalEvent.accountStream(userId);
            accountStreams.put(userId, stream);
        }
        return stream;
    }
}
