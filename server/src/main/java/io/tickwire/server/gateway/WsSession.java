package io.tickwire.server.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.tickwire.protocol.codec.JsonCodec;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.server.auth.Principal;
import io.tickwire.server.hub.Session;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket connection as a hub {@link Session}. Frames are queued from any thread and
 * written by the channel's event loop, many to a buffer. When
 * what is queued for the client exceeds its limit, the session closes with 4008 (slow consumer)
 * rather than buffer without bound: the client resumes from its cursor.
 */
final class WsSession implements Session {
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final Channel channel;
    private final JsonCodec codec;
    private final long maxQueuedBytes;
    private volatile Principal principal;
    private final java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(true);
    /** Bytes handed to Netty and not yet written to the socket: this client's backlog. */
    private final AtomicLong queued = new AtomicLong();

    private final io.tickwire.server.metrics.ServerMetrics metrics;

    WsSession(Channel channel, JsonCodec codec, long maxQueuedBytes, Principal principal,
              io.tickwire.server.metrics.ServerMetrics metrics) {
        this.metrics = metrics;
        this.channel = channel;
        this.codec = codec;
        this.maxQueuedBytes = maxQueuedBytes;
        this.principal = principal;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public Principal principal() {
        return principal;
    }

    void authenticate(Principal principal) {
        this.principal = principal;
    }

    /** Whether frames were queued since the last flush (fan-out writes, flushed once per batch). */
    private volatile boolean unflushed;

    /**
     * Frames waiting for the channel's event loop. The hub (another thread) queues here and the
     * loop drains the lot in one task per flush: a task per frame per session, the obvious way,
     * cost a cross-thread hand-off for every message and capped fan-out at well under half of
     * what the transport can do (bench {@code fanout} against its ceiling).
     */
    private final java.util.concurrent.ConcurrentLinkedQueue<Outgoing> outbox = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /**
     * Frames that go before the outbox: acks. An ack is queued on the event loop just after its
     * command was handed to the sequencer, and the hub can queue that command's receipt first;
     * the protocol says ack, then receipt. The loop queues the ack before it can drain anything,
     * so draining this lane first keeps the order.
     */
    private final java.util.concurrent.ConcurrentLinkedQueue<Outgoing> first = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean drainScheduled = new java.util.concurrent.atomic.AtomicBoolean();
    private final Runnable drain = this::drain;

    private record Outgoing(byte[] frame, long durableNanos) {
    }

    @Override
    public void send(byte[] frame) {
        enqueue(outbox, frame, 0, true);
    }

    /** Sends {@code message} ahead of anything queued but not yet written (see {@link #first}). */
    void sendFirst(ServerMessage message) {
        if (open.get()) {
            enqueue(first, codec.encode(message), 0, true);
        }
    }

    @Override
    public void send(byte[] frame, long durableNanos) {
        enqueue(outbox, frame, durableNanos, false);
    }

    @Override
    public void flush() {
        if (unflushed) {
            unflushed = false;
            scheduleDrain();
        }
    }

    /** Queues a frame on one of the two lanes, within the session's limit of queued bytes. */
    private void enqueue(java.util.Queue<Outgoing> lane, byte[] frame, long durableNanos, boolean flushNow) {
        if (!open.get()) {
            return;
        }
        int size = frame.length;
        if (queued.addAndGet(size) > maxQueuedBytes) {
            queued.addAndGet(-size);
            metrics.slowConsumerClosed();
            close(4008, "slow consumer: resume from your cursor");
            return;
        }
        lane.add(new Outgoing(frame, durableNanos));
        if (flushNow) {
            scheduleDrain();
        } else {
            unflushed = true;
        }
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(drain);
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                drainScheduled.set(false);
            }
        }
    }

    /** A drain writes its frames in buffers of about this size: big writes, bounded memory per write. */
    private static final int WRITE_CHUNK = 64 * 1024;

    /**
     * On the event loop: frames every queued message into as few buffers as it takes (see {@link
     * TextFrames}), writes them and flushes once. Only the last write carries a listener: writes
     * complete in order, so it settles the accounting of the whole drain, and a drain costs no
     * frame object, promise or metrics update per message. The writes bypass Netty's WebSocket
     * encoder (raw buffers pass it by), which is safe because no extension (compression) is
     * negotiated, and they stay in order with the frames Netty itself writes (pong, close).
     */
    private void drain() {
        drainScheduled.set(false);
        Outgoing next = poll();
        if (next == null) {
            return;
        }
        int frames = 0;
        long bytes = 0;
        long oldestDurable = 0;
        // Sized for a few frames and grown as needed: most drains carry one batch's frames.
        ByteBuf out = null;
        boolean accounted = false;
        try {
            out = channel.alloc().ioBuffer(Math.min(WRITE_CHUNK, 4 * (next.frame().length + 10)));
            while (next != null) {
                frames++;
                bytes += next.frame().length;
                if (oldestDurable == 0) {
                    oldestDurable = next.durableNanos();
                }
                TextFrames.append(out, next.frame());
                next = poll();
                if (next != null && out.readableBytes() >= WRITE_CHUNK) {
                    ByteBuf full = out;
                    out = null;
                    channel.write(full, channel.voidPromise());
                    out = channel.alloc().ioBuffer(WRITE_CHUNK);
                }
            }
            int count = frames;
            long total = bytes;
            long durable = oldestDurable;
            ByteBuf last = out;
            out = null;
            accounted = true; // from here the listener settles the drain's bytes, whatever happens
            channel.write(last).addListener(f -> {
                queued.addAndGet(-total);
                if (f.isSuccess()) {
                    metrics.framesWritten(count, total, durable);
                }
            });
            channel.flush();
        } catch (Throwable t) {
            // Frames taken from the queue may not have been written: the client must not miss them
            // silently, so it is cut and resumes from its cursor. Nothing of this drain stays counted.
            if (out != null) {
                out.release();
            }
            if (!accounted) {
                queued.addAndGet(-bytes);
            }
            channel.close();
            if (t instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) t;
        }
    }

    private Outgoing poll() {
        Outgoing next = first.poll();
        return next != null ? next : outbox.poll();
    }

    @Override
    public void send(ServerMessage message) {
        send(codec.encode(message));
    }

    /** Half the hard limit: book streams conflate before the session must be closed. */
    @Override
    public boolean congested() {
        return queued.get() > maxQueuedBytes / 2;
    }

    @Override
    public boolean isOpen() {
        return open.get() && channel.isActive();
    }

    /**
     * Sends a close frame with {@code code} and lets the client answer it; only the first call does
     * anything. The channel is not closed at once (RFC 6455 section 7.1.1): a client still sending
     * would leave unread bytes here, the kernel would answer them with a reset, and the reset can
     * discard the close frame before the client reads it, so the client would never learn why. The
     * protocol handler closes the channel when the client's close frame arrives; frames read until
     * then are dropped ({@link #isOpen()} is false). A client that never answers, or never reads
     * the close frame behind its backlog, is cut after 5 s.
     */
    void close(int code, String reason) {
        if (open.compareAndSet(true, false)) {
            try {
                channel.eventLoop().execute(() -> {
                    drain(); // what was queued before the close goes first
                    channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(f -> {
                        if (!f.isSuccess()) {
                            channel.close();
                        }
                    });
                });
            } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                channel.close();
                return;
            }
            channel.eventLoop().schedule(() -> {
                channel.close();
            }, 5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    void markClosed() {
        open.set(false);
    }
}
