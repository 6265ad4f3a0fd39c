package io.tickwire.server.hub;

import io.tickwire.journal.EventHistory;
import io.tickwire.journal.JournalEvent;
import io.tickwire.journal.ReadResult;
import io.tickwire.protocol.message.GapReason;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.server.metrics.ServerMetrics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Resumes from a cursor of the current epoch, on the hub thread: the events after the cursor are
 * replayed from the journal's memory history, or read from its segments on
 * {@code tickwire-replay-reader} (so a disk read holds up no other subscriber) and joined to the
 * live stream when they are in: {@code subscribed} (recovered), every event after the cursor, then
 * the live events, none missed and none repeated. A resume too far behind, or behind retention,
 * gets a gap and a snapshot instead.
 *
 * <p>Every method is for the hub thread, except the reads handed to the reader thread.
 */
final class StreamResumes {
    /** Resumes further behind than this get a gap and a snapshot instead of a replay. */
    static final int MAX_REPLAY = 10_000;
    private static final int REPLAY_PAGE = 10_000;

    /** Reads resumes older than the memory history from the segments, off the hub thread. */
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tickwire-replay-reader");
        t.setDaemon(true);
        return t;
    });
    /** Subscriptions waiting (for the hub to catch up with their cursor, or for the disk): "sessionId stream". */
    private final Set<String> waiting = new HashSet<>();
    private final HubQueue queue;
    private final ServerMetrics metrics;
    private final HubAgent live;
    private EventHistory history;
    private String epoch;

    StreamResumes(HubQueue queue, ServerMetrics metrics, HubAgent live) {
        this.queue = queue;
        this.metrics = metrics;
        this.live = live;
    }

    /** Before the hub thread starts. */
    void start(EventHistory history, String epoch) {
        this.history = history;
        this.epoch = epoch;
    }

    /**
     * Resumes {@code session} on {@code s} after {@code cursor}, which is at most the stream's head:
     * a replay from memory now, a read from disk that joins later, or a gap and a snapshot.
     */
    void resume(Session session, Long id, HubStream s, long cursor) {
        if (s.lastSeq - cursor > MAX_REPLAY) {
            sendGapAndSnapshot(session, id, s, cursor);
        } else if (!history.inMemory(s.name, cursor)) {
            // Older than the memory history: read on the reader thread; joins in joinAfterDiskRead.
            startWaiting(session, s.name);
            readFromDisk(session, id, s, cursor, s.lastSeq, new ArrayList<>());
            return;
        } else {
            replay(session, id, s, cursor);
        }
        live.attach(session, s);
    }

    boolean waiting(Session session, String stream) {
        return waiting.contains(key(session, stream));
    }

    void startWaiting(Session session, String stream) {
        waiting.add(key(session, stream));
    }

    /** Stops waiting (unsubscribed): a read in progress is dropped when it comes back. */
    void stopWaiting(Session session, String stream) {
        waiting.remove(key(session, stream));
    }

    /** The session closed: whatever it waited for is dropped. */
    void forget(Session session) {
        String prefix = session.id() + " ";
        waiting.removeIf(k -> k.startsWith(prefix));
    }

    private static String key(Session session, String stream) {
        return session.id() + " " + stream;
    }

    /**
     * On the reader thread: reads {@code s}'s events after {@code from} up to {@code to} (the head
     * when asked) from the journal's segments, then hands them back to the hub thread. The hub goes
     * on publishing meanwhile: a resume that reads the disk holds up no one else.
     */
    private void readFromDisk(Session session, Long id, HubStream s, long from, long to, List<JournalEvent> read) {
        metrics.resumedFromDisk();
        try {
            reader.execute(() -> {
                boolean gone = false;
                RuntimeException failure = null;
                try {
                    gone = !readRange(s.name, from, to, read); // retention took them: a snapshot stands for them
                } catch (RuntimeException e) {
                    failure = e;
                }
                boolean lost = gone;
                RuntimeException failed = failure;
                queue.request(session, id, "resume", () -> joinAfterDiskRead(session, id, s, from, to, read, lost,
                        failed));
            });
        } catch (RejectedExecutionException closing) {
            stopWaiting(session, s.name);
        }
    }

    /**
     * Hub thread, once the reader has the events up to {@code readTo}: reads what was published
     * since from memory (or sends the reader round again, if that is gone from memory too), then
     * sends {@code subscribed}, every event after the cursor, and attaches the session to the live
     * stream: no event missed, none repeated.
     */
    private void joinAfterDiskRead(Session session, Long id, HubStream s, long cursor, long readTo,
                                   List<JournalEvent> read, boolean gone, RuntimeException failure) {
        if (!waiting(session, s.name) || !session.isOpen()) {
            return; // unsubscribed or closed while the disk was read
        }
        if (failure != null) {
            stopWaiting(session, s.name);
            throw failure; // request() answers the requester
        }
        if (gone || s.lastSeq - cursor > MAX_REPLAY) {
            // Gone to retention, or the stream ran so far ahead meanwhile that the replay would be
            // longer than any other resume may be: a gap and a snapshot, as for those.
            stopWaiting(session, s.name);
            sendGapAndSnapshot(session, id, s, cursor);
            live.attach(session, s);
            return;
        }
        if (s.lastSeq > readTo && !history.inMemory(s.name, readTo)) {
            readFromDisk(session, id, s, readTo, s.lastSeq, read); // published past the memory meanwhile
            return;
        }
        readRange(s.name, readTo, s.lastSeq, read); // in memory: checked just above
        stopWaiting(session, s.name);
        sendReplay(session, id, s, read);
        live.attach(session, s);
    }

    /**
     * Appends {@code stream}'s events after {@code from} up to {@code to} to {@code out}, page by
     * page; false if some of them are gone (retention), true when all are in. Any thread.
     */
    private boolean readRange(String stream, long from, long to, List<JournalEvent> out) {
        long cursor = from;
        while (cursor < to) {
            if (!(history.read(stream, cursor, REPLAY_PAGE) instanceof ReadResult.Events page)
                    || page.events().isEmpty()) {
                return false;
            }
            for (JournalEvent e : page.events()) {
                if (e.seq() <= to) {
                    out.add(e);
                    cursor = e.seq();
                }
            }
            if (page.events().get(page.events().size() - 1).seq() >= to) {
                break;
            }
        }
        return true;
    }

    /** Sends every event after {@code afterSeq} up to the head, or, if they are gone, a gap and a snapshot. */
    private void replay(Session session, Long id, HubStream s, long afterSeq) {
        List<JournalEvent> events = new ArrayList<>();
        if (!readRange(s.name, afterSeq, s.lastSeq, events)) {
            sendGapAndSnapshot(session, id, s, afterSeq);
            return;
        }
        sendReplay(session, id, s, events);
    }

    /** {@code subscribed} (recovered), then every event after the cursor up to the head. */
    private void sendReplay(Session session, Long id, HubStream s, List<JournalEvent> events) {
        session.send(new ServerMessage.Subscribed(id, s.topic, epoch, s.lastSeq, true));
        for (JournalEvent e : events) {
            session.send(live.frame(s, e));
        }
    }

    /**
     * {@code subscribed} (not recovered), a {@code gap} from after the cursor to the head, and a
     * snapshot at the head, which stands for the events the client cannot have.
     */
    private void sendGapAndSnapshot(Session session, Long id, HubStream s, long cursor) {
        session.send(new ServerMessage.Subscribed(id, s.topic, epoch, s.lastSeq, false));
        session.send(new ServerMessage.Gap(s.topic, epoch, cursor + 1, s.lastSeq, GapReason.RETENTION));
        live.sendSnapshot(session, s);
    }

    /** Stops the reader (the hub thread is stopping). */
    void close() {
        reader.shutdownNow();
    }
}
