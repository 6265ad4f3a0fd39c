package io.tickwire.server.frontdoor;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.tickwire.codec.JsonCodec;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.server.auth.Principal;
import io.tickwire.server.hub.Delivery;
import io.tickwire.server.hub.Session;
import io.tickwire.server.hub.StreamKey;
import io.tickwire.server.metrics.ServerMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket connection as a hub {@link Session}. Its live events come through its event loop's
 * {@link LoopOutbox}, which the hub hands each batch to once; what the hub sends this session
 * alone goes through the same outbox, in order. What its own event loop sends (replies to the
 * client's requests: pong, ack, errors) is written at once.
 *
 * <p>Its backlog is what Netty holds for the socket, unwritten ({@link ChannelOutboundBuffer}),
 * plus what the current drain has framed for it: past {@code maxQueuedBytes} the session closes
 * with 4008 (slow consumer) rather than buffer without bound, and the client resumes from its
 * cursor; past half of it a book stream conflates instead.
 *
 * <p>Thread ownership: {@link #send(byte[])} and the {@link Session} methods may be called from
 * any thread; the methods without a modifier below are for its event loop only.
 */
final class WsSession implements Session {
    private static final AtomicLong IDS = new AtomicLong();
    /** Frames for this session are written in buffers of about this size: big writes, bounded memory per write. */
    private static final int WRITE_CHUNK = 64 * 1024;

    private final long id = IDS.incrementAndGet();
    private final Channel channel;
    private final JsonCodec codec;
    private final long maxQueuedBytes;
    private final LoopOutbox outbox;
    private final ServerMetrics metrics;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private volatile Principal principal;

    // ---------------------------------------------------------------- event loop only
    /** Frames of the current drain not yet handed to the channel. */
    private ByteBuf pending;
    /** Whether the current drain has appended to this session (its outbox flushes it at the end). */
    boolean touched;
    /** The streams this loop's outbox sends this session. */
    private final List<StreamKey> following = new ArrayList<>();
    /** A flush of the replies framed on the loop is queued behind the loop's current work. */
    private boolean flushScheduled;
    private final Runnable flushTask = () -> {
        flushScheduled = false;
        if (!touched) {
            flushPending();
        }
    };

    WsSession(Channel channel, JsonCodec codec, long maxQueuedBytes, LoopOutbox outbox, ServerMetrics metrics) {
        this.channel = channel;
        this.codec = codec;
        this.maxQueuedBytes = maxQueuedBytes;
        this.outbox = outbox;
        this.metrics = metrics;
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

    @Override
    public Delivery delivery() {
        return outbox;
    }

    /**
     * Sends one frame. On the event loop it is written at once (a reply to the client's own
     * request); from any other thread (the hub's) it goes through the outbox, after everything the
     * hub handed over before it.
     */
    @Override
    public void send(byte[] frame) {
        if (!open.get()) {
            return;
        }
        if (channel.eventLoop().inEventLoop()) {
            // Replies to the client's own requests: framed now, flushed once after the loop has
            // read what arrived (a burst of pipelined orders gets its acks in one write). A drain
            // of the outbox in progress flushes them at its end anyway.
            if (appendPending(frame) && !touched && !flushScheduled) {
                flushScheduled = true;
                channel.eventLoop().execute(flushTask);
            }
        } else {
            outbox.direct(this, frame);
        }
    }

    @Override
    public void send(ServerMessage message) {
        send(codec.encode(message));
    }

    /** Bytes waiting for this client: Netty's unwritten outbound bytes (any thread may read them). */
    private long backlog() {
        ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
        return outbound == null ? 0 : outbound.totalPendingWriteBytes();
    }

    /** Half the hard limit: book streams conflate before the session must be closed. */
    @Override
    public boolean congested() {
        return backlog() > maxQueuedBytes / 2;
    }

    @Override
    public boolean isOpen() {
        return open.get() && channel.isActive();
    }

    // ---------------------------------------------------------------- event loop only

    /**
     * Frames {@code frame} into this drain's buffer for the client, within the backlog limit;
     * false when the session is closed or has just been closed for its backlog (4008).
     */
    boolean appendPending(byte[] frame) {
        if (!open.get()) {
            return false;
        }
        long queued = backlog() + (pending == null ? 0 : pending.readableBytes());
        if (queued + frame.length > maxQueuedBytes) {
            metrics.slowConsumerClosed();
            close(4008, "slow consumer: resume from your cursor");
            return false;
        }
        if (pending == null) {
            pending = channel.alloc().ioBuffer(Math.min(WRITE_CHUNK, 4 * (frame.length + 10)));
        }
        TextFrames.append(pending, frame);
        if (pending.readableBytes() >= WRITE_CHUNK) {
            writePending();
        }
        return true;
    }

    /**
     * Hands what this drain framed to the channel and flushes once. The writes bypass Netty's
     * WebSocket encoder (raw buffers pass it by), which is safe because no extension (compression)
     * is negotiated; they stay in order with the frames Netty itself writes (pong, close).
     */
    void flushPending() {
        touched = false;
        writePending();
        channel.flush();
    }

    /** Hands the buffer framed so far (if any) to the channel, unflushed. */
    private void writePending() {
        if (pending != null) {
            ByteBuf full = pending;
            pending = null;
            channel.write(full, channel.voidPromise());
        }
    }

    void followed(StreamKey stream) {
        following.add(stream);
    }

    void unfollowed(StreamKey stream) {
        following.remove(stream);
    }

    /** The streams it follows on its loop (a copy). */
    List<StreamKey> following() {
        return List.copyOf(following);
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
                    writePending(); // what was framed before the close goes first
                    channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(f -> {
                        if (!f.isSuccess()) {
                            channel.close();
                        }
                    });
                });
            } catch (RejectedExecutionException shuttingDown) {
                channel.close();
                return;
            }
            channel.eventLoop().schedule(() -> {
                channel.close();
            }, 5, TimeUnit.SECONDS);
        }
    }

    /** The connection is over (the client's close, or the channel went inactive): nothing more is sent. */
    void markClosed() {
        open.set(false);
    }

    /** Event loop, when the channel is inactive: leaves its loop's streams and frees what it framed. */
    void released() {
        open.set(false);
        outbox.forget(this);
        following.clear();
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }
}
