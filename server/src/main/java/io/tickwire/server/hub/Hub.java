package io.tickwire.server.hub;

import io.tickwire.engine.book.BookSide;
import io.tickwire.engine.book.OrderBook;
import io.tickwire.engine.event.EventRecorder;
import io.tickwire.engine.event.Receipt;
import io.tickwire.engine.market.Asset;
import io.tickwire.engine.market.Market;
import io.tickwire.engine.match.MatchingEngine;
import io.tickwire.journal.CommittedBatch;
import io.tickwire.journal.Journal;
import io.tickwire.journal.JournalEvent;
import io.tickwire.journal.JournalListener;
import io.tickwire.journal.Read;
import io.tickwire.protocol.codec.JsonCodec;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.Balance;
import io.tickwire.protocol.message.Cursor;
import io.tickwire.protocol.message.ErrorCode;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.GapReason;
import io.tickwire.protocol.message.Level;
import io.tickwire.protocol.message.Order;
import io.tickwire.protocol.message.ReceiptStatus;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.protocol.message.Topic;
import io.tickwire.server.core.CoreBatch;
import io.tickwire.server.core.TradingCore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub: takes each durable batch from the journal, keeps every stream's head and the book
 * and account mirrors at that head, frames each event once and hands the same bytes to every
 * subscriber, and answers requesters with their receipts. Subscriptions, resumes and
 * unsubscriptions run on the same thread, so a snapshot (or a replay from the journal) and the
 * live events after it meet without a gap or a repeat. It never waits on a socket: sessions
 * buffer for themselves.
 */
public final class Hub implements JournalListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Hub.class);
    private static final int REPLAY_PAGE = 10_000;

    private final JsonCodec codec;
    private final BlockingQueue<Runnable> tasks = new ArrayBlockingQueue<>(1 << 16);
    private final Map<String, Stream> streams = new HashMap<>();
    private final Map<Long, List<Stream>> sessionStreams = new HashMap<>();
    private final ConcurrentHashMap<Long, PendingReceipt> pendingReceipts = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private Journal journal;
    private String epoch;

    /** A command waiting for its receipt. */
    private record PendingReceipt(Session session, Long clientId, String requestId) {
    }

    private static final class Stream {
        final String name;
        final Topic topic;
        final List<Session> subscribers = new ArrayList<>();
        long lastSeq;
        BookMirror book;
        AccountMirror account;

        Stream(String name, Topic topic) {
            this.name = name;
            this.topic = topic;
        }
    }

    public Hub(JsonCodec codec) {
        this.codec = codec;
        this.thread = new Thread(this::run, "tickwire-hub");
        this.thread.setDaemon(true);
    }

    /**
     * Loads the mirrors from the recovered engine and the stream heads from the journal, then
     * starts the hub thread. Call before any command is submitted: the engine state and the
     * durable heads must describe the same moment.
     */
    public void start(TradingCore core) throws Exception {
        this.journal = core.journal();
        this.epoch = journal.epoch();
        Map<String, Long> heads = journal.lastSeqs();
        core.query(engine -> {
            for (Market market : engine.markets().markets()) {
                OrderBook book = engine.book(market);
                Stream s = stream("book." + market.name());
                s.book.load(levels(book.bids(), market), levels(book.asks(), market));
                stream("trades." + market.name());
            }
            for (var account : engine.accounts().all()) {
                Stream s = stream(JournalEvent.accountStream(account.userId()));
                List<Balance> balances = new ArrayList<>();
                for (Asset asset : engine.markets().assets()) {
                    long avail = account.avail(asset.id());
                    long frozen = account.frozen(asset.id());
                    if (avail != 0 || frozen != 0) {
                        balances.add(new Balance(asset.name(), Decimal.of(avail, asset.scale()),
                                Decimal.of(frozen, asset.scale())));
                    }
                }
                List<Order> orders = new ArrayList<>();
                account.openOrders().forEach(o -> orders.add(EventRecorder.toOrder(o)));
                s.account.load(balances, orders);
            }
            return null;
        }).get(30, TimeUnit.SECONDS);
        heads.forEach((name, seq) -> stream(name).lastSeq = seq);
        thread.start();
    }

    private static List<Level> levels(BookSide side, Market market) {
        List<Level> levels = new ArrayList<>(side.depth());
        for (int i = 0; i < side.depth(); i++) {
            levels.add(new Level(Decimal.of(side.level(i).price(), market.priceScale()),
                    Decimal.of(side.level(i).totalQty(), market.qtyScale())));
        }
        return levels;
    }

    /** The stream of that name, created on first use (with its mirror). */
    private Stream stream(String name) {
        Stream s = streams.get(name);
        if (s == null) {
            Topic topic = name.startsWith("account:") ? Topic.account() : Topic.parse(name);
            s = new Stream(name, topic);
            if (topic instanceof Topic.Book book) {
                s.book = new BookMirror(book.market());
            } else if (topic instanceof Topic.Account) {
                s.account = new AccountMirror();
            }
            streams.put(name, s);
        }
        return s;
    }

    public String epoch() {
        return epoch;
    }

    // ------------------------------------------------------------------ from the journal (writer thread)

    @Override
    public void onDurable(CommittedBatch batch) {
        enqueue(() -> publish(batch));
    }

    private void enqueue(Runnable task) {
        try {
            // Back-pressure to the journal writer if the hub falls behind; never drops.
            tasks.put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ requests (network threads)

    /** Registers where the receipt of {@code requestId} goes; call before submitting the command. */
    public void expectReceipt(long requestId, String wireRequestId, Session session, Long clientId) {
        pendingReceipts.put(requestId, new PendingReceipt(session, clientId, wireRequestId));
    }

    /** Forgets a receipt that will never come (the command was not accepted by the sequencer). */
    public void cancelReceipt(long requestId) {
        pendingReceipts.remove(requestId);
    }

    /** Subscribes (or resumes, with {@code since}) on the hub thread. */
    public void subscribe(Session session, Long id, Topic topic, Cursor since) {
        enqueue(() -> doSubscribe(session, id, topic, since));
    }

    public void unsubscribe(Session session, Long id, Topic topic) {
        enqueue(() -> {
            Stream s = streams.get(streamName(session, topic));
            if (s != null) {
                s.subscribers.remove(session);
                List<Stream> list = sessionStreams.get(session.id());
                if (list != null) {
                    list.remove(s);
                }
            }
            session.send(new ServerMessage.Unsubscribed(id, topic));
        });
    }

    /** Forgets a closed session everywhere. */
    public void closed(Session session) {
        enqueue(() -> {
            List<Stream> list = sessionStreams.remove(session.id());
            if (list != null) {
                list.forEach(s -> s.subscribers.remove(session));
            }
            pendingReceipts.values().removeIf(p -> p.session() == session);
        });
    }

    /** Whether a topic names something that exists (its market is known). */
    public boolean exists(Topic topic) {
        return switch (topic) {
            case Topic.Account a -> true;
            case Topic.Book b -> streamsSnapshot.containsKey("book." + b.market());
            case Topic.Trades t -> streamsSnapshot.containsKey("trades." + t.market());
        };
    }

    /** Topic names known at start (markets do not change while running). */
    private final ConcurrentHashMap<String, Boolean> streamsSnapshot = new ConcurrentHashMap<>();

    private static String streamName(Session session, Topic topic) {
        return topic instanceof Topic.Account ? JournalEvent.accountStream(session.principal().userId()) : topic.name();
    }

    // ------------------------------------------------------------------ hub thread

    private void run() {
        streams.keySet().forEach(name -> streamsSnapshot.put(name, Boolean.TRUE));
        while (running) {
            try {
                Runnable task = tasks.poll(100, TimeUnit.MILLISECONDS);
                if (task != null) {
                    task.run();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("hub task failed", e);
            }
        }
    }

    private void publish(CommittedBatch batch) {
        CoreBatch core = (CoreBatch) batch.attachment();
        // As the protocol orders them: the requester's receipt, then the events.
        if (core != null) {
            for (Receipt receipt : core.receipts()) {
                PendingReceipt pending = pendingReceipts.remove(receipt.requestId());
                if (pending != null && pending.session().isOpen()) {
                    pending.session().send(new ServerMessage.Receipt(pending.clientId(), pending.requestId(),
                            receipt.accepted() ? ReceiptStatus.ACCEPTED : ReceiptStatus.REJECTED,
                            receipt.orderId() == 0 ? null : receipt.orderId(), receipt.clientOrderId(),
                            receipt.code() == null ? null : receipt.code().wire(), receipt.message()));
                }
            }
        }
        List<JournalEvent> events = batch.events();
        for (int i = 0; i < events.size(); i++) {
            JournalEvent event = events.get(i);
            Stream s = stream(event.stream());
            s.lastSeq = event.seq();
            EventPayload payload = core == null ? null : core.payloads().get(i);
            if (payload instanceof EventPayload.BookDelta delta && s.book != null) {
                s.book.apply(delta);
            } else if (s.account != null && payload != null) {
                s.account.apply(payload);
            }
            if (s.subscribers.isEmpty()) {
                continue;
            }
            byte[] frame = codec.frame(event.type(), s.topic.name(), epoch, event.seq(), event.ts(), event.data());
            for (int k = 0; k < s.subscribers.size(); k++) {
                s.subscribers.get(k).send(frame);
            }
        }
    }

    private void doSubscribe(Session session, Long id, Topic topic, Cursor since) {
        if (topic instanceof Topic.Account && session.principal() == null) {
            session.send(ServerMessage.ErrorMessage.of(id, ErrorCode.UNAUTHORIZED,
                    "authenticate before subscribing to account"));
            return;
        }
        String name = streamName(session, topic);
        if (!(topic instanceof Topic.Account) && !streams.containsKey(name)) {
            session.send(ServerMessage.ErrorMessage.of(id, ErrorCode.UNKNOWN_TOPIC, "no such market: " + topic.name()));
            return;
        }
        Stream s = stream(name);
        if (s.subscribers.contains(session)) {
            session.send(ServerMessage.ErrorMessage.of(id, ErrorCode.BAD_REQUEST,
                    "already subscribed to " + topic.name() + "; unsubscribe first"));
            return;
        }
        if (since != null && since.epoch().equals(epoch) && since.seq() <= s.lastSeq) {
            if (replay(session, id, s, since.seq())) {
                attach(session, s);
                return;
            }
        } else if (since != null) {
            session.send(new ServerMessage.Subscribed(id, topic, epoch, s.lastSeq, false));
            session.send(new ServerMessage.Gap(topic, epoch, null, null, GapReason.EPOCH_CHANGED));
            sendSnapshot(session, s);
            attach(session, s);
            return;
        } else {
            session.send(new ServerMessage.Subscribed(id, topic, epoch, s.lastSeq, false));
            sendSnapshot(session, s);
        }
        attach(session, s);
    }

    /** Sends every event after {@code afterSeq} up to the head, or a gap and a snapshot; false if it sent the gap path fully except attach. */
    private boolean replay(Session session, Long id, Stream s, long afterSeq) {
        List<JournalEvent> events = new ArrayList<>();
        long cursor = afterSeq;
        while (cursor < s.lastSeq) {
            Read read = journal.read(s.name, cursor, REPLAY_PAGE);
            if (read instanceof Read.Events page && !page.events().isEmpty()) {
                for (JournalEvent e : page.events()) {
                    if (e.seq() <= s.lastSeq) {
                        events.add(e);
                        cursor = e.seq();
                    }
                }
                if (page.events().get(page.events().size() - 1).seq() >= s.lastSeq) {
                    break;
                }
                continue;
            }
            long from = afterSeq + 1;
            long to = read instanceof Read.Gap gap ? Math.min(gap.toSeq(), s.lastSeq) : s.lastSeq;
            session.send(new ServerMessage.Subscribed(id, s.topic, epoch, s.lastSeq, false));
            session.send(new ServerMessage.Gap(s.topic, epoch, from, to, GapReason.RETENTION));
            sendSnapshot(session, s);
            return true;
        }
        session.send(new ServerMessage.Subscribed(id, s.topic, epoch, s.lastSeq, true));
        for (JournalEvent e : events) {
            session.send(codec.frame(e.type(), s.topic.name(), epoch, e.seq(), e.ts(), e.data()));
        }
        return true;
    }

    private void sendSnapshot(Session session, Stream s) {
        EventPayload snapshot = s.book != null ? s.book.snapshot() : s.account != null ? s.account.snapshot() : null;
        if (snapshot != null) {
            session.send(new StreamEvent(s.topic, epoch, s.lastSeq, System.currentTimeMillis(), snapshot));
        }
    }

    private void attach(Session session, Stream s) {
        s.subscribers.add(session);
        sessionStreams.computeIfAbsent(session.id(), k -> new ArrayList<>()).add(s);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
