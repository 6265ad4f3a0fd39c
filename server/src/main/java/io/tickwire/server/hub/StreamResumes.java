package io.tickwire.server.hub;

import io.tickwire.agent.AgentThreads;
import io.tickwire.codec.JsonCodec;
import io.tickwire.journal.EventHistory;
import io.tickwire.journal.JournalEvent;
import io.tickwire.journal.ReadResult;
import io.tickwire.protocol.message.Cursor;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.GapReason;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.server.metrics.ServerMetrics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.LoggerFactory;

/**
 * Resumes from a cursor of the current epoch, on the hub thread: the events after the cursor are
 * replayed from the journal's memory history, or read from its segments on
 * {@code tickwire-replay-reader} (so a disk read holds up no other subscriber) and joined to the
 * live stream when they are in: {@code subscribed} (recovered), every event after the cursor, then
 * the live events, none missed and none repeated. A resume too far behind, or behind retention,
 * gets a gap and a snapshot instead.
 *
 * <p>A cursor of an older epoch that the node still holds ({@link OlderEpochs}, a relay's) is
 * read on the same reader thread: the rest of its epoch, then each later one from its start,
 * encoded with their own epochs (the {@link Lead}), and then the current epoch from its start as
 * a resume from seq 0. Epochs follow one another without a break where each starts with a
 * captured feed's {@code feed.gap} at seq 1; at any other start the lead ends there, with
 * {@code gap} {@code epoch_changed} and a snapshot, as for a cursor of an unknown epoch.
 *
 * <p>Every method is for the hub thread, except the reads handed to the reader thread.
 */
final class StreamResumes {
    /** Resumes further behind than this get a gap and a snapshot instead of a replay. */
    static final int MAX_REPLAY = 10_000;
    private static final int REPLAY_PAGE = 10_000;

    /** Reads resumes older than the memory history from the segments, off the hub thread. */
    private final ExecutorService reader = Executors.newSingleThreadExecutor(AgentThreads.factory("replay-reader",
            e -> LoggerFactory.getLogger(StreamResumes.class).error("replay reader failed", e)));
    /** Subscriptions waiting (for the hub to catch up with their cursor, or for the disk): "sessionId stream". */
    private final Set<String> waiting = new HashSet<>();
    private final HubQueue queue;
    private final ServerMetrics metrics;
    private final HubAgent live;
    private final JsonCodec codec;
    private final Supplier<OlderEpochs> olderEpochs;
    private EventHistory history;
    private String epoch;

    /**
     * What goes before the current epoch's events in a resume from an older epoch: the frames of
     * the older epochs (a {@code gap} among them where retention took some), whether none was lost,
     * and whether the current epoch follows without a break (it starts with {@code feed.gap}).
     */
    record Lead(List<byte[]> frames, boolean complete, boolean continuous) {
        /** An ordinary resume, in the current epoch. */
        static final Lead NONE = new Lead(List.of(), true, true);
    }

    StreamResumes(HubQueue queue, ServerMetrics metrics, HubAgent live, JsonCodec codec,
                  Supplier<OlderEpochs> olderEpochs) {
        this.queue = queue;
        this.metrics = metrics;
        this.live = live;
        this.codec = codec;
        this.olderEpochs = olderEpochs;
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
        resume(session, id, s, cursor, Lead.NONE);
    }

    /** As {@link #resume(Session, Long, HubStream, long)}, with {@code lead} sent before the current epoch's events. */
    private void resume(Session session, Long id, HubStream s, long cursor, Lead lead) {
        if (s.lastSeq - cursor > MAX_REPLAY) {
            sendGapAndSnapshot(session, id, s, cursor, lead);
        } else if (!history.inMemory(s.name, cursor)) {
            // Older than the memory history: read on the reader thread; joins in joinAfterDiskRead.
            startWaiting(session, s.name);
            readFromDisk(session, id, s, cursor, s.lastSeq, new ArrayList<>(), lead);
            return;
        } else {
            replay(session, id, s, cursor, lead);
        }
        live.attach(session, s);
    }

    /**
     * Resumes {@code session} on {@code s} from {@code since}, a cursor of another epoch than the
     * current one: the older epochs it names are read on the reader thread and joined in
     * {@link #joinOlder}; a cursor no held epoch places is answered as of another epoch.
     */
    void resumeOlder(Session session, Long id, HubStream s, Cursor since) {
        OlderEpochs older = olderEpochs.get();
        if (older == OlderEpochs.NONE) {
            live.answerOtherEpoch(session, id, s);
            return;
        }
        startWaiting(session, s.name);
        String current = epoch;
        EventHistory currentHistory = history;
        try {
            reader.execute(() -> {
                Lead lead = null;
                RuntimeException failure = null;
                try {
                    List<EventHistory> held = older.from(since.epoch(), current);
                    lead = held == null ? null : readLead(s, since, held, currentHistory);
                } catch (RuntimeException e) {
                    failure = e;
                }
                Lead read = lead;
                RuntimeException failed = failure;
                queue.request(session, id, "resume", () -> joinOlder(session, id, s, since, current, read, failed));
            });
        } catch (RejectedExecutionException closing) {
            stopWaiting(session, s.name);
        }
    }

    /**
     * Reader thread: the frames of {@code s}'s stream after {@code since} in the held epochs, in
     * order, up to the first epoch that does not start with a {@code feed.gap}; {@code null} when
     * they are more than a replay may be (then the cursor is answered as of another epoch).
     */
    private Lead readLead(HubStream s, Cursor since, List<EventHistory> held, EventHistory current) {
        List<byte[]> frames = new ArrayList<>();
        boolean complete = true;
        boolean crossing = false; // into an epoch from the end of the one before: is there a break?
        long from = since.seq();
        if (held.isEmpty() || !held.get(0).epoch().equals(since.epoch())) {
            // Retention deleted the cursor's epoch: a gap for the rest of it, then the next held epoch from its start.
            frames.add(codec.encode(new ServerMessage.Gap(s.topic, since.epoch(), since.seq() + 1, null,
                    GapReason.RETENTION)));
            complete = false;
            from = 0;
        }
        for (EventHistory h : held) {
            if (crossing && !startsWithFeedGap(h, s.name)) {
                return new Lead(frames, complete, false);
            }
            complete &= readEpoch(h, s, from, frames);
            if (frames.size() > MAX_REPLAY) {
                return null;
            }
            from = 0;
            crossing = true;
        }
        return new Lead(frames, complete, !crossing || startsWithFeedGap(current, s.name));
    }

    /**
     * Reader thread: appends the frames of {@code s}'s stream in the older epoch {@code h} after
     * {@code from}, encoded with {@code h}'s epoch, and a {@code gap} where retention took some;
     * false if it did. Stops past {@link #MAX_REPLAY} frames.
     */
    private boolean readEpoch(EventHistory h, HubStream s, long from, List<byte[]> frames) {
        boolean complete = true;
        long cursor = from;
        long head = h.lastSeq(s.name);
        while (cursor < head && frames.size() <= MAX_REPLAY) {
            ReadResult read = h.read(s.name, cursor, REPLAY_PAGE);
            if (read instanceof ReadResult.Gap gap) {
                frames.add(codec.encode(new ServerMessage.Gap(s.topic, h.epoch(), gap.fromSeq(), gap.toSeq(),
                        GapReason.RETENTION)));
                complete = false;
                cursor = gap.toSeq();
            } else if (read instanceof ReadResult.Events page && !page.events().isEmpty()) {
                for (JournalEvent e : page.events()) {
                    frames.add(codec.frame(e.type(), s.topic.name(), h.epoch(), e.seq(), e.ts(), e.data()));
                    cursor = e.seq();
                }
            } else {
                break; // nothing more (a closed epoch's head is final)
            }
        }
        return complete;
    }

    /** Whether {@code stream} in {@code h} starts with a captured feed's {@code feed.gap} (or is empty). */
    private static boolean startsWithFeedGap(EventHistory h, String stream) {
        if (h.lastSeq(stream) == 0) {
            return true;
        }
        return h.read(stream, 0, 1) instanceof ReadResult.Events first && !first.events().isEmpty()
                && EventPayload.FeedGap.opensEpoch(first.events().get(0).type(), first.events().get(0).seq());
    }

    /**
     * Hub thread, once the older epochs are read: {@code subscribed}, the lead, then the current
     * epoch from its start as a resume from seq 0 (or, where it does not follow without a break,
     * {@code gap} {@code epoch_changed} and a snapshot). Read again if the hub moved to another
     * epoch meanwhile: the lead must end where the current epoch begins.
     */
    private void joinOlder(Session session, Long id, HubStream s, Cursor since, String readFor, Lead lead,
                           RuntimeException failure) {
        if (!waiting(session, s.name) || !session.isOpen()) {
            return; // unsubscribed or closed while the disk was read
        }
        stopWaiting(session, s.name);
        if (failure != null) {
            throw failure; // request() answers the requester
        }
        if (!readFor.equals(epoch)) {
            resumeOlder(session, id, s, since);
        } else if (lead == null) {
            live.answerOtherEpoch(session, id, s);
        } else if (!lead.continuous()) {
            session.send(new ServerMessage.Subscribed(id, s.topic, epoch, s.lastSeq, false));
            lead.frames().forEach(session::send);
            session.send(new ServerMessage.Gap(s.topic, epoch, null, null, GapReason.EPOCH_CHANGED));
            live.sendSnapshot(session, s);
            live.attach(session, s);
        } else {
            resume(session, id, s, 0, lead);
        }
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
    private void readFromDisk(Session session, Long id, HubStream s, long from, long to, List<JournalEvent> read,
                              Lead lead) {
        metrics.resumedFromDisk();
        try {
            reader.execute(() -> {
                boolean gone = false;
                RuntimeException failure = null;
                try {
                    // retention took them: a snapshot stands for them
                    gone = !readRange(history, s.name, from, to, read);
                } catch (RuntimeException e) {
                    failure = e;
                }
                boolean lost = gone;
                RuntimeException failed = failure;
                queue.request(session, id, "resume", () -> joinAfterDiskRead(session, id, s, from, to, read, lost,
                        failed, lead));
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
                                   List<JournalEvent> read, boolean gone, RuntimeException failure, Lead lead) {
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
            sendGapAndSnapshot(session, id, s, cursor, lead);
            live.attach(session, s);
            return;
        }
        if (s.lastSeq > readTo && !history.inMemory(s.name, readTo)) {
            readFromDisk(session, id, s, readTo, s.lastSeq, read, lead); // published past the memory meanwhile
            return;
        }
        readRange(history, s.name, readTo, s.lastSeq, read); // in memory: checked just above
        stopWaiting(session, s.name);
        sendReplay(session, id, s, read, lead);
        live.attach(session, s);
    }

    /**
     * Appends {@code stream}'s events in {@code history} after {@code from} up to {@code to} to
     * {@code out}, page by page; false if some of them are gone (retention), true when all are in.
     * Any thread.
     */
    private static boolean readRange(EventHistory history, String stream, long from, long to,
                                     List<JournalEvent> out) {
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
    private void replay(Session session, Long id, HubStream s, long afterSeq, Lead lead) {
        List<JournalEvent> events = new ArrayList<>();
        if (!readRange(history, s.name, afterSeq, s.lastSeq, events)) {
            sendGapAndSnapshot(session, id, s, afterSeq, lead);
            return;
        }
        sendReplay(session, id, s, events, lead);
    }

    /**
     * {@code subscribed} (recovered, unless the lead lost some), the lead, then every event after
     * the cursor up to the head.
     */
    private void sendReplay(Session session, Long id, HubStream s, List<JournalEvent> events, Lead lead) {
        session.send(new ServerMessage.Subscribed(id, s.topic, epoch, s.lastSeq, lead.complete()));
        lead.frames().forEach(session::send);
        for (JournalEvent e : events) {
            session.send(live.frame(s, e));
        }
    }

    /**
     * {@code subscribed} (not recovered), the lead, a {@code gap} from after the cursor to the
     * head, and a snapshot at the head, which stands for the events the client cannot have.
     */
    private void sendGapAndSnapshot(Session session, Long id, HubStream s, long cursor, Lead lead) {
        session.send(new ServerMessage.Subscribed(id, s.topic, epoch, s.lastSeq, false));
        lead.frames().forEach(session::send);
        session.send(new ServerMessage.Gap(s.topic, epoch, cursor + 1, s.lastSeq, GapReason.RETENTION));
        live.sendSnapshot(session, s);
    }

    /** Stops the reader (the hub thread is stopping). */
    void close() {
        reader.shutdownNow();
    }
}
