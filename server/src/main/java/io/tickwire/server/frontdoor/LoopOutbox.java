package io.tickwire.server.frontdoor;

import io.netty.channel.EventLoop;
import io.tickwire.codec.JsonCodec;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.InvalidationReason;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.protocol.message.Topic;
import io.tickwire.server.hub.Delivery;
import io.tickwire.server.hub.FanoutBatch;
import io.tickwire.server.hub.Hub;
import io.tickwire.server.hub.Session;
import io.tickwire.server.hub.StreamKey;
import io.tickwire.server.metrics.ServerMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * One Netty event loop's fan-out: the {@link Delivery} the hub hands each durable batch to, once,
 * however many of this loop's sessions subscribe to it. The hub thread is the only producer
 * ({@link #publish}, {@link #attach}, {@link #detach}, and the frames it sends sessions one by
 * one through {@link #direct}); they go through one queue, so this loop does them in the hub's
 * order. The loop drains the queue in one task: for each frame, it appends it to each of its
 * subscribers' pending buffer, then writes and flushes each session it touched once.
 *
 * <p>Everything below {@link #drain} runs on the event loop only: the stream membership of this
 * loop's sessions lives here, not in the hub. Per batch it costs one queue node and, per session
 * touched, one pooled buffer; no object per frame per subscriber. The ceiling server of the
 * benchmarks works the same way.
 */
final class LoopOutbox implements Delivery {
    /** Items taken per task: the loop also has sockets to read, so a long backlog yields in between. */
    private static final int MAX_ITEMS_PER_DRAIN = 1024;

    private final EventLoop loop;
    private final Hub hub;
    private final JsonCodec codec;
    private final ServerMetrics metrics;
    private final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;

    // ---------------------------------------------------------------- event loop only
    /** Per {@link StreamKey#id}: this loop's sessions subscribed to it ({@code null}: none yet). */
    private final List<List<WsSession>> subscribers = new ArrayList<>();
    /** Sessions appended to in this drain, to be flushed at its end. */
    private final List<WsSession> touched = new ArrayList<>();
    private int framesThisDrain;
    private long bytesThisDrain;

    /** Tells a session to follow a stream, in the hub's order. */
    private record Attach(WsSession session, StreamKey stream) {
    }

    /** Tells a session to stop following a stream, in the hub's order. */
    private record Detach(WsSession session, StreamKey stream) {
    }

    /** One frame the hub sends one session (a reply, a snapshot, a replayed event), in the hub's order. */
    private record Direct(WsSession session, byte[] frame) {
    }

    LoopOutbox(EventLoop loop, Hub hub, JsonCodec codec, ServerMetrics metrics) {
        this.loop = loop;
        this.hub = hub;
        this.codec = codec;
        this.metrics = metrics;
    }

    // ---------------------------------------------------------------- hub thread

    @Override
    public void attach(Session session, StreamKey stream) {
        offer(new Attach((WsSession) session, stream));
    }

    @Override
    public void detach(Session session, StreamKey stream) {
        offer(new Detach((WsSession) session, stream));
    }

    @Override
    public void publish(FanoutBatch batch) {
        offer(batch);
    }

    /** A frame for one session, after everything handed over before it. */
    void direct(WsSession session, byte[] frame) {
        offer(new Direct(session, frame));
    }

    private void offer(Object item) {
        queue.add(item);
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                loop.execute(drain);
            } catch (RejectedExecutionException shuttingDown) {
                scheduled.set(false);
            }
        }
    }

    // ---------------------------------------------------------------- event loop

    private void drain() {
        scheduled.set(false);
        long oldestDurable = 0;
        Object item;
        int items = 0;
        while (items++ < MAX_ITEMS_PER_DRAIN && (item = queue.poll()) != null) {
            try {
                switch (item) {
                    case FanoutBatch batch -> {
                        deliver(batch);
                        if (oldestDurable == 0) {
                            oldestDurable = batch.durableNanos();
                        }
                    }
                    case Attach attach -> follow(attach.session(), attach.stream());
                    case Detach detach -> unfollow(detach.session(), detach.stream());
                    case Direct direct -> append(direct.session(), direct.frame());
                    default -> throw new IllegalStateException("not an outbox item: " + item);
                }
            } catch (RuntimeException e) {
                // One item must not stop the loop's delivery: its sessions are cut below if broken.
                LoggerFactory.getLogger(LoopOutbox.class).error("delivering {} failed", item, e);
            }
        }
        for (int i = 0; i < touched.size(); i++) {
            touched.get(i).flushPending();
        }
        touched.clear();
        if (framesThisDrain > 0) {
            metrics.framesWritten(framesThisDrain, bytesThisDrain, oldestDurable);
            framesThisDrain = 0;
            bytesThisDrain = 0;
        }
        if (!queue.isEmpty()) {
            schedule(); // the rest in another task, after the loop's I/O
        }
    }

    /** Each frame of the batch to each of this loop's subscribers of its stream, in the batch's order. */
    private void deliver(FanoutBatch batch) {
        for (int i = 0; i < batch.size(); i++) {
            StreamKey stream = batch.stream(i);
            List<WsSession> sessions = following(stream);
            if (sessions == null || sessions.isEmpty()) {
                continue;
            }
            byte[] frame = batch.frame(i);
            for (int k = 0; k < sessions.size(); k++) {
                WsSession session = sessions.get(k);
                if (!session.isOpen()) {
                    sessions.remove(k--);
                    continue;
                }
                if (stream.conflates() && session.congested()) {
                    // Conflate: a book can be rebuilt from a snapshot, so a lagging client loses its
                    // pending deltas instead of its connection. The hub sends the snapshot later.
                    sessions.remove(k--);
                    session.unfollowed(stream);
                    append(session, codec.encode(new StreamEvent(stream.topic(), batch.epoch(), batch.seq(i) - 1,
                            batch.timestamp(i), new EventPayload.BookInvalidated(((Topic.Book) stream.topic()).market(),
                                    InvalidationReason.LAG))));
                    hub.lagged(session, stream);
                    continue;
                }
                if (!append(session, frame)) {
                    sessions.remove(k--); // cut (4008): it resumes from its cursor
                }
            }
        }
    }

    private boolean append(WsSession session, byte[] frame) {
        if (!session.appendPending(frame)) {
            return false;
        }
        if (!session.touched) {
            session.touched = true;
            touched.add(session);
        }
        framesThisDrain++;
        bytesThisDrain += frame.length;
        return true;
    }

    private void follow(WsSession session, StreamKey stream) {
        if (!session.isOpen()) {
            return;
        }
        while (subscribers.size() <= stream.id()) {
            subscribers.add(null);
        }
        List<WsSession> sessions = subscribers.get(stream.id());
        if (sessions == null) {
            sessions = new ArrayList<>();
            subscribers.set(stream.id(), sessions);
        }
        if (!sessions.contains(session)) {
            sessions.add(session);
            session.followed(stream);
        }
    }

    /** This loop's sessions following {@code stream}, or {@code null} when none ever did. */
    private List<WsSession> following(StreamKey stream) {
        return stream.id() < subscribers.size() ? subscribers.get(stream.id()) : null;
    }

    private void unfollow(WsSession session, StreamKey stream) {
        List<WsSession> sessions = following(stream);
        if (sessions != null && sessions.remove(session)) {
            session.unfollowed(stream);
        }
    }

    /** Event loop: the session's connection ended; it leaves every stream at once. */
    void forget(WsSession session) {
        for (StreamKey stream : session.following()) {
            List<WsSession> sessions = following(stream);
            if (sessions != null) {
                sessions.remove(session);
            }
        }
    }
}
