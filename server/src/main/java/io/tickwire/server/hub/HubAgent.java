package io.tickwire.server.hub;

import io.tickwire.engine.event.Receipt;
import io.tickwire.journal.CommittedBatch;
import io.tickwire.journal.EventHistory;
import io.tickwire.journal.JournalEvent;
import io.tickwire.codec.JsonCodec;
import io.tickwire.protocol.message.CandleInterval;
import io.tickwire.protocol.message.Cursor;
import io.tickwire.protocol.message.ErrorCode;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.GapReason;
import io.tickwire.protocol.message.Order;
import io.tickwire.protocol.message.OrderResult;
import io.tickwire.protocol.message.ReceiptStatus;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.protocol.message.Topic;
import io.tickwire.server.core.CoreBatch;
import io.tickwire.server.metrics.ServerMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What runs on the hub thread, and owns everything that thread alone touches: every stream's head,
 * its book or account mirror, its shared frames, who follows it and how. It takes each durable
 * batch (receipts first, then every event's state, then the fan-out), subscriptions, resumes and
 * unsubscriptions, in one order, so a snapshot (or a replay) and the live events after it meet
 * without a gap or a repeat. Other threads reach it only through {@link Hub}, which queues their
 * calls; every method here is for the hub thread, except {@link #load} (before the thread starts)
 * and {@link #lastPublishedAt} (a volatile read).
 *
 * <p>Two parts run beside it on the same thread: {@link StreamFanout}, who receives each stream
 * live and the fan-out of each batch (lagging book subscribers included), and
 * {@link StreamResumes}, the replay from a cursor and its join to the live stream. This class
 * keeps the streams' state (heads, mirrors, frames), the requests and the reads for REST.
 *
 * <p>Past 450 lines on purpose: what it keeps is one thread's state, read and written in one
 * order by each batch and each request; split further, each part would need the others' fields
 * (the fan-out and the resumes already went, along the seams where that was not so).
 */
final class HubAgent {
    /** Encoded frames kept per public stream for resumes (about 200 bytes each). */
    static final int SHARED_FRAMES = 4096;

    private final JsonCodec codec;
    private final Map<String, HubStream> streams = new HashMap<>();
    /** The same streams by {@link StreamKey#id}. */
    private final List<HubStream> byId = new ArrayList<>();
    private final Map<Long, List<HubStream>> sessionStreams = new HashMap<>();
    private final PendingReceipts receipts;
    private final HubQueue queue;
    /** Names of the public streams, for other threads to ask whether a topic exists. */
    private final Set<String> publicStreams;
    private EventHistory history;
    private String epoch;
    private long lastBatch;
    private int closedOrdersKept;

    private final ServerMetrics metrics;

    private volatile long lastPublishedAt;

    /** Resumes from a cursor: replays from memory or disk, and their join to the live stream. */
    private final StreamResumes resumes;

    /** Who receives each stream live, the fan-out of each batch, and lagging book subscribers. */
    private final StreamFanout fanout;

    HubAgent(JsonCodec codec, ServerMetrics metrics, PendingReceipts receipts, HubQueue queue,
             Set<String> publicStreams, Supplier<OlderEpochs> olderEpochs) {
        this.codec = codec;
        this.publicStreams = publicStreams;
        this.metrics = metrics;
        this.receipts = receipts;
        this.queue = queue;
        this.resumes = new StreamResumes(queue, metrics, this, codec, olderEpochs);
        this.fanout = new StreamFanout(streams, this, metrics);
    }

    /**
     * Loads the heads and mirrors of {@code state}, before the hub thread starts (its start
     * publishes all of it to that thread). Later batches come from {@code history}'s source, after
     * {@code state.batch()}.
     */
    void load(HubState state, EventHistory history) {
        this.history = history;
        this.closedOrdersKept = state.closedOrdersKept();
        this.epoch = state.epoch();
        this.lastBatch = state.batch();
        resumes.start(history, epoch);
        fanout.start(epoch);
        loadMarkets(state);
        state.accounts().forEach((user, account) -> stream(JournalEvent.accountStream(user)).account.load(
                account.balances(), account.openOrders(), account.recentlyClosed()));
        state.heads().forEach((name, seq) -> stream(name).lastSeq = seq);
    }

    /**
     * Starts again from {@code state}, on the hub thread, once every batch before it is published:
     * a relay's new epoch. Every stream's head, frames and book come from {@code state} (none: 0,
     * empty); subscribers stay, and each book subscriber gets the new snapshot now. The live events
     * that follow carry the new epoch, so a client sees the change in the next event it gets and
     * resumes from its cursor, which now names another epoch ({@code gap} {@code epoch_changed}).
     */
    void reload(HubState state, EventHistory next) {
        this.history = next;
        this.epoch = state.epoch();
        this.lastBatch = state.batch();
        resumes.start(next, epoch);
        fanout.start(epoch);
        for (HubStream s : byId) {
            s.lastSeq = 0;
            s.lastTs = 0;
            if (s.frames != null) {
                s.frames = new FrameRing(SHARED_FRAMES);
            }
            if (s.book != null) {
                s.book.load(List.of(), List.of());
            }
        }
        loadMarkets(state);
        state.heads().forEach((name, seq) -> stream(name).lastSeq = seq);
        for (HubStream s : byId) {
            if (s.book != null) {
                for (Session subscriber : s.subscribers) {
                    sendSnapshot(subscriber, s);
                }
            }
        }
    }

    /** Every market's streams, with the books, tickers and candles of {@code state}. */
    private void loadMarkets(HubState state) {
        state.books().forEach((market, book) -> {
            stream("book." + market).book.load(book.bids(), book.asks());
            stream("trades." + market);
            stream("ticker." + market).ticker = state.tickers().get(market);
            for (CandleInterval interval : CandleInterval.values()) {
                HubStream candles = stream(Topic.candles(market, interval).name());
                candles.candles.load(state.candles().getOrDefault(candles.name, List.of()));
            }
        });
    }

    /** The state as of the last batch published, for a gateway to start from. */
    HubState state() {
        Map<String, HubState.Book> books = new HashMap<>();
        Map<Long, HubState.Account> accounts = new HashMap<>();
        Map<String, Long> heads = new HashMap<>();
        Map<String, EventPayload.Ticker> tickers = new HashMap<>();
        Map<String, List<EventPayload.Candle>> candles = new HashMap<>();
        for (HubStream s : streams.values()) {
            if (s.lastSeq > 0) {
                heads.put(s.name, s.lastSeq);
            }
            if (s.ticker != null) {
                tickers.put(s.ticker.market(), s.ticker);
            }
            if (s.candles != null && s.candles.latest() != null) {
                candles.put(s.name, s.candles.all());
            }
            if (s.book != null) {
                EventPayload.BookSnapshot book = s.book.snapshot();
                books.put(book.market(), new HubState.Book(book.bids(), book.asks()));
            } else if (s.account != null) {
                long user = Long.parseLong(s.name.substring(s.name.indexOf(':') + 1));
                accounts.put(user, new HubState.Account(s.account.balances(), s.account.openOrders(),
                        s.account.recentlyClosed()));
            }
        }
        return new HubState(epoch, lastBatch, closedOrdersKept, heads, books, accounts, tickers, candles);
    }

    /** The stream of that name, created on first use (with its mirror). */
    private HubStream stream(String name) {
        HubStream s = streams.get(name);
        if (s == null) {
            Topic topic = name.startsWith("account:") ? Topic.account() : Topic.parse(name);
            s = new HubStream(name, topic, byId.size());
            byId.add(s);
            if (topic instanceof Topic.Book book) {
                s.book = new BookMirror(book.market());
            } else if (topic instanceof Topic.Account) {
                s.account = new AccountMirror(closedOrdersKept);
            } else if (topic instanceof Topic.Candles) {
                s.candles = new CandleMirror();
            }
            if (!(topic instanceof Topic.Account)) {
                s.frames = new FrameRing(SHARED_FRAMES);
            }
            streams.put(name, s);
            if (topic.isPublic()) {
                publicStreams.add(name);
            }
        }
        return s;
    }


    // ------------------------------------------------------------------ requests

    /** Subscribes, or resumes with {@code since}. */
    void subscribe(Session session, Long id, Topic topic, Cursor since) {
        doSubscribe(session, id, topic, since, 0);
    }

    /** Unsubscribes; answers {@code unsubscribed} even when it was not subscribed. */
    void unsubscribe(Session session, Long id, Topic topic) {
        if (topic instanceof Topic.Account && session.principal() == null) {
            session.send(ServerMessage.ErrorMessage.of(id, ErrorCode.UNAUTHORIZED,
                    "authenticate before using the account topic"));
            return;
        }
        String name = streamName(session, topic);
        resumes.stopWaiting(session, name);
        HubStream s = streams.get(name);
        boolean live = s != null && s.subscribers.remove(session);
        if (live) {
            fanout.leave(session, s);
        }
        if (live | (s != null && s.lagging.remove(session))) {
            metrics.unsubscribed(1);
            List<HubStream> list = sessionStreams.get(session.id());
            if (list != null) {
                list.remove(s);
            }
        }
        session.send(new ServerMessage.Unsubscribed(id, topic));
    }

    /** Forgets a closed session everywhere. */
    void closed(Session session) {
        resumes.forget(session);
        List<HubStream> list = sessionStreams.remove(session.id());
        if (list != null) {
            list.forEach(s -> {
                boolean live = s.subscribers.remove(session);
                if (live) {
                    fanout.leave(session, s);
                }
                if (live | s.lagging.remove(session)) {
                    metrics.unsubscribed(1);
                }
            });
        }
        receipts.forget(session);
    }

    private static String streamName(Session session, Topic topic) {
        return topic instanceof Topic.Account ? JournalEvent.accountStream(session.principal().userId()) : topic.name();
    }

    // ------------------------------------------------------------------ durable state for REST

    /** The book of {@code market} at the hub's head, or {@code null} for an unknown market. */
    Hub.BookView book(String market) {
        HubStream s = streams.get("book." + market);
        return s == null ? null : new Hub.BookView(epoch, s.lastSeq, s.book.snapshot());
    }

    /**
     * A user's balances and open orders, plus one order looked up by id (when {@code orderId} >
     * 0) or by client id (when {@code clientOrderId} is given).
     */
    Hub.AccountView account(long userId, long orderId, String clientOrderId) {
        HubStream s = streams.get(JournalEvent.accountStream(userId));
        if (s == null) {
            return new Hub.AccountView(List.of(), List.of(), null);
        }
        Order order = orderId > 0 ? s.account.order(orderId)
                : clientOrderId != null ? s.account.orderByClientId(clientOrderId) : null;
        return new Hub.AccountView(s.account.balances(), s.account.openOrders(), order);
    }

    /** Streams that have at least one subscriber. */
    int activeStreams() {
        int active = 0;
        for (HubStream s : byId) {
            if (!s.subscribers.isEmpty()) {
                active++;
            }
        }
        return active;
    }

    /** When the last durable batch was published, ms (0 before the first); any thread. */
    long lastPublishedAt() {
        return lastPublishedAt;
    }

    // ------------------------------------------------------------------ hub thread

    /** A durable batch: receipts first, then every event's state, then the fan-out. */
    void publish(CommittedBatch<CoreBatch> batch) {
        lastPublishedAt = System.currentTimeMillis();
        lastBatch = batch.number();
        long durableNanos = System.nanoTime();
        CoreBatch core = batch.attachment();
        // As the protocol orders them: the requester's receipt, then the events.
        if (core != null) {
            for (Receipt receipt : core.receipts()) {
                PendingReceipts.Pending pending = receipts.take(receipt.requestId());
                if (pending != null) {
                    pending.observe(receipt);
                    pending.deliver(answer(pending, receipt));
                }
            }
        }
        List<JournalEvent> events = batch.events();
        // State first, for every event: heads and mirrors must never skip one, whatever a send does.
        for (int i = 0; i < events.size(); i++) {
            JournalEvent event = events.get(i);
            HubStream s = stream(event.stream());
            s.lastSeq = event.seq();
            s.lastTs = event.ts();
            EventPayload payload = core == null ? null : core.payload(i, event);
            switch (payload) {
                case EventPayload.BookDelta delta when s.book != null -> s.book.apply(delta);
                case EventPayload.Ticker ticker -> s.ticker = ticker;
                case EventPayload.Candle candle when s.candles != null -> s.candles.apply(candle);
                case null -> {
                }
                default -> {
                    if (s.account != null) {
                        s.account.apply(payload);
                    }
                }
            }
        }
        fanout.send(events, durableNanos);
    }

    /** The wire answer to a command: its receipt, or for a dead man's switch armed or disarmed, cancel_all_after. */
    private static ServerMessage answer(PendingReceipts.Pending pending, Receipt receipt) {
        if (receipt.triggerAt() >= 0 && receipt.accepted()) {
            return new ServerMessage.CancelAllAfter(pending.clientId(), receipt.triggerAt() == 0 ? null
                    : receipt.triggerAt());
        }
        List<OrderResult> results = null;
        if (receipt.results() != null) {
            results = new ArrayList<>(receipt.results().size());
            for (Receipt r : receipt.results()) {
                results.add(new OrderResult(r.accepted() ? ReceiptStatus.ACCEPTED : ReceiptStatus.REJECTED,
                        r.orderId() == 0 ? null : r.orderId(), r.clientOrderId(),
                        r.code() == null ? null : r.code().wire(), r.message()));
            }
        }
        return new ServerMessage.Receipt(pending.clientId(), pending.requestId(),
                receipt.accepted() ? ReceiptStatus.ACCEPTED : ReceiptStatus.REJECTED,
                receipt.orderId() == 0 ? null : receipt.orderId(), receipt.clientOrderId(),
                receipt.code() == null ? null : receipt.code().wire(), receipt.message(),
                receipt.canceled() < 0 ? null : receipt.canceled(), results);
    }

    /** Whether some book subscribers wait for a snapshot until they have caught up. */
    boolean hasLagging() {
        return fanout.hasLagging();
    }

    /** Gives lagging book subscribers that have caught up a fresh snapshot and puts them back on the live stream. */
    void rejoinLagging() {
        fanout.rejoinLagging();
    }

    /** A delivery stopped sending {@code stream} to {@code session}, which lags. */
    void lagged(Session session, StreamKey stream) {
        HubStream s = stream.id() < byId.size() ? byId.get(stream.id()) : null;
        if (s != null) {
            fanout.lagged(session, s);
        }
    }

    private void doSubscribe(Session session, Long id, Topic topic, Cursor since, int waits) {
        if (!session.isOpen()) {
            return;
        }
        if (topic instanceof Topic.Account && session.principal() == null) {
            session.send(ServerMessage.ErrorMessage.of(id, ErrorCode.UNAUTHORIZED,
                    "authenticate before subscribing to account"));
            return;
        }
        String name = streamName(session, topic);
        if (!(topic instanceof Topic.Account) && !streams.containsKey(name)) {
            session.send(ServerMessage.ErrorMessage.of(id, ErrorCode.UNKNOWN_TOPIC, "no such topic: " + topic.name()));
            return;
        }
        HubStream s = stream(name);
        if (waits > 0 && !resumes.waiting(session, name)) {
            return; // unsubscribed or closed while waiting
        }
        if ((waits == 0 && resumes.waiting(session, name)) || s.subscribers.contains(session)
                || s.lagging.contains(session)) {
            session.send(ServerMessage.ErrorMessage.of(id, ErrorCode.BAD_REQUEST,
                    "already subscribed to " + topic.name() + "; unsubscribe first"));
            return;
        }
        boolean sameEpoch = since != null && since.epoch().equals(epoch);
        if (sameEpoch && since.seq() > s.lastSeq && since.seq() <= history.lastSeq(name) && waits < 1000) {
            // The cursor came from a durable event this hub has not published yet (a REST read,
            // say): wait for the hub to catch up rather than call the cursor foreign.
            resumes.startWaiting(session, name);
            queue.request(session, id, "subscribe", () -> doSubscribe(session, id, topic, since, waits + 1));
            return;
        }
        resumes.stopWaiting(session, name);
        if (sameEpoch && since.seq() <= s.lastSeq) {
            resumes.resume(session, id, s, since.seq());
            return;
        }
        if (since != null && !sameEpoch) {
            resumes.resumeOlder(session, id, s, since); // an older epoch this node still holds goes on there
        } else if (since != null) {
            answerOtherEpoch(session, id, s); // beyond the head: not a cursor of this epoch
        } else {
            session.send(new ServerMessage.Subscribed(id, topic, epoch, s.lastSeq, false));
            sendSnapshot(session, s);
            attach(session, s);
        }
    }

    /**
     * A cursor that is not of the current epoch and that no older epoch held places: {@code
     * subscribed} (not recovered), {@code gap} {@code epoch_changed}, a snapshot, then live.
     */
    void answerOtherEpoch(Session session, Long id, HubStream s) {
        session.send(new ServerMessage.Subscribed(id, s.topic, epoch, s.lastSeq, false));
        session.send(new ServerMessage.Gap(s.topic, epoch, null, null, GapReason.EPOCH_CHANGED));
        sendSnapshot(session, s);
        attach(session, s);
    }

    /**
     * The frame of {@code event} on {@code s}: encoded once, and for a public stream kept in its
     * ring, so that live delivery and every resume of the same event share the bytes.
     */
    byte[] frame(HubStream s, JournalEvent event) {
        byte[] frame = s.frames == null ? null : s.frames.get(event.seq());
        if (frame == null) {
            frame = codec.frame(event.type(), s.topic.name(), epoch, event.seq(), event.ts(), event.data());
            if (s.frames != null) {
                s.frames.put(event.seq(), frame);
            }
        }
        return frame;
    }

    /**
     * A subscriber's first event: a book's or account's snapshot; for a ticker or candle topic its
     * newest event's data (the current ticker, the newest candle) at the head's seq.
     */
    void sendSnapshot(Session session, HubStream s) {
        EventPayload snapshot = s.book != null ? s.book.snapshot() : s.account != null ? s.account.snapshot()
                : s.ticker != null ? s.ticker : s.candles != null ? s.candles.latest() : null;
        if (snapshot != null) {
            long ts = s.lastTs != 0 ? s.lastTs : System.currentTimeMillis();
            session.send(new StreamEvent(s.topic, epoch, s.lastSeq, ts, snapshot));
        }
    }

    void attach(Session session, HubStream s) {
        metrics.subscribed();
        s.subscribers.add(session);
        fanout.join(session, s);
        sessionStreams.computeIfAbsent(session.id(), k -> new ArrayList<>()).add(s);
    }

    /**
     * The newest {@code limit} candles of a candle topic opened at or before {@code endTime}, oldest
     * first; {@code null} if there is no such topic.
     */
    List<EventPayload.Candle> candles(String topic, long endTime, int limit) {
        HubStream s = streams.get(topic);
        return s == null || s.candles == null ? null : s.candles.page(endTime, limit);
    }

    /** Stops the replay reader (the hub thread is stopping). */
    void close() {
        resumes.close();
    }
}
