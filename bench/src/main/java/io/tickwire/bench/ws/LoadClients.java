package io.tickwire.bench.ws;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.HdrHistogram.Recorder;

/**
 * N real WebSocket connections driven by a few Netty threads. Each connection sends its hello
 * frames (authentication, subscriptions) once the handshake is done, then counts what arrives:
 * messages, bytes, and, given a {@link StampBoard}, latency from the moment the server made the
 * event (the host's monotonic clock, shared through the board) to the moment the frame is read; a
 * {@link FrameListener} may look at every frame too. Connections
 * come from 127.0.0.2 upwards, 200 addresses, so that more than the ~28k ephemeral ports of one
 * source address fit.
 */
public final class LoadClients implements AutoCloseable {
    private static final byte[] SEQ = ascii("\"seq\":");
    private static final int SOURCE_ADDRESSES = 200;

    /** Sees every text frame, on the connection's I/O thread; must not keep {@code content}. */
    @FunctionalInterface
    public interface FrameListener {
        void onText(int connection, ByteBuf content);
    }

    private static final AttributeKey<Integer> INDEX = AttributeKey.valueOf("index");

    private static final int TYPE_AT = "{\"type\":".length();

    private final EventLoopGroup group;
    private final FrameListener listener;
    private final List<Channel> channels = new ArrayList<>();
    /** Messages received. */
    public final LongAdder messages = new LongAdder();
    /** Payload bytes received. */
    public final LongAdder bytes = new LongAdder();
    /** Microseconds from an event's stamp on the {@link StampBoard} to its arrival. */
    public final Recorder latency = new Recorder(3);
    private final StampBoard stamps;
    private volatile boolean measuring = true;

    /**
     * Latency is recorded for events stamped in [windowFrom, windowTo) ({@link System#nanoTime}), whenever they arrive.
     */
    private volatile long windowFrom;

    private volatile long windowTo = Long.MAX_VALUE;

    /** Arrivals (messages, bytes) are counted between {@link #resetWindow} and {@link #endWindow}. */
    private volatile boolean countingArrivals = true;

    public LoadClients(int threads) {
        this(threads, null, null);
    }

    public LoadClients(int threads, FrameListener listener) {
        this(threads, listener, null);
    }

    /** With {@code stamps}, the latency of each stamped event is recorded; without, none is. */
    LoadClients(int threads, FrameListener listener, StampBoard stamps) {
        this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        this.listener = listener;
        this.stamps = stamps;
    }

    /**
     * Opens {@code count} connections to {@code uri}; connection {@code i} (counted from the
     * first connection opened by this call, after those still open) sends {@code hello.apply(i)}
     * once up and is ready at the first frame that contains {@code readyMarker} (at the handshake
     * if it is null). Returns when all are ready, or throws after {@code timeoutSeconds}.
     *
     * @return connections per second
     */
    public double connect(URI uri, int count, IntFunction<List<String>> hello, String readyMarker,
                          int timeoutSeconds) throws Exception {
        CountDownLatch ready = new CountDownLatch(count);
        byte[] marker = readyMarker == null ? null : ascii(readyMarker);
        int first = channels.size();
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                                new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                                        .webSocketUri(uri).maxFramePayloadLength(16 << 20)
                                        // The generator trusts the server's UTF-8 (the SDK checks it):
                                        // validating every frame took a fifth of the clients' CPU.
                                        .withUTF8Validator(false)
                                        .handshakeTimeoutMillis(TimeUnit.SECONDS.toMillis(timeoutSeconds)).build()),
                                new Counter(ch.attr(INDEX).get(), hello, marker, ready));
                    }
                });
        long start = System.nanoTime();
        InetSocketAddress remote = new InetSocketAddress(uri.getHost(), uri.getPort());
        List<ChannelFuture> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            InetSocketAddress local = new InetSocketAddress("127.0.0." + (2 + (first + i) % SOURCE_ADDRESSES), 0);
            pending.add(bootstrap.clone().attr(INDEX, first + i).connect(remote, local));
            if (pending.size() >= 200) { // a few hundred connects in flight at a time
                await(pending);
            }
        }
        await(pending);
        if (!ready.await(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException(ready.getCount() + " of " + count + " connections were not ready in "
                    + timeoutSeconds + " s");
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private void await(List<ChannelFuture> pending) throws InterruptedException {
        for (ChannelFuture f : pending) {
            channels.add(f.sync().channel());
        }
        pending.clear();
    }

    /** Connections open now. */
    public int open() {
        int n = 0;
        for (Channel c : channels) {
            n += c.isActive() ? 1 : 0;
        }
        return n;
    }

    /** Sends one text frame on connection {@code i} (from any thread). */
    public void send(int i, String text) {
        Channel c = channels.get(i);
        c.writeAndFlush(new TextWebSocketFrame(text), c.voidPromise());
    }

    /** Drops every connection (a TCP close, as a network failure would) and waits until they are closed. */
    public void disconnectAll() {
        for (Channel c : channels) {
            c.close();
        }
        for (Channel c : channels) {
            c.closeFuture().syncUninterruptibly();
        }
        channels.clear();
    }

    /** Stops counting messages and latency (a scenario's listener still sees every frame). */
    public void stopCounting() {
        measuring = false;
    }

    /**
     * Starts a measurement window at this instant: counters and histogram from zero. Messages and
     * bytes count what arrives until {@link #endWindow} (the delivery rate, whatever was sent
     * when); latency counts only events stamped inside the window, so a backlog built before it
     * (the warm-up) does not enter the percentiles.
     */
    public void resetWindow() {
        windowTo = Long.MAX_VALUE;
        windowFrom = System.nanoTime();
        messages.reset();
        bytes.reset();
        latency.reset();
        countingArrivals = true;
        measuring = true;
    }

    /**
     * Ends the window: arrivals stop counting, and events stamped from now on stay out of the
     * latency (events of the window still record their latency when they arrive).
     */
    public void endWindow() {
        countingArrivals = false;
        windowTo = System.nanoTime();
    }

    @Override
    public void close() {
        measuring = false;
        for (Channel c : channels) {
            c.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Counter extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final int index;
        private final IntFunction<List<String>> hello;
        private byte[] readyMarker;
        private CountDownLatch ready;

        Counter(int index, IntFunction<List<String>> hello, byte[] readyMarker, CountDownLatch ready) {
            this.index = index;
            this.hello = hello;
            this.readyMarker = readyMarker;
            this.ready = ready;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                for (String frame : hello.apply(index)) {
                    ctx.write(new TextWebSocketFrame(frame));
                }
                ctx.flush();
                if (readyMarker == null) {
                    ready.countDown();
                    ready = null;
                }
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (!(frame instanceof TextWebSocketFrame)) {
                return;
            }
            ByteBuf content = frame.content();
            if (ready != null && indexOf(content, readyMarker) >= 0) {
                ready.countDown();
                ready = null;
            }
            if (listener != null) {
                listener.onText(index, content);
            }
            if (!measuring) {
                return;
            }
            long now = System.nanoTime();
            if (countingArrivals) {
                messages.increment();
                bytes.add(content.readableBytes());
            }
            if (stamps == null) {
                return;
            }
            long seq = longAfter(content, SEQ);
            long stamp = seq > 0 ? stamps.stampOf(seq) : 0;
            if (stamp != 0 && stamp - windowFrom >= 0 && stamp - windowTo < 0) {
                latency.recordValue(Math.max(0, now - stamp) / 1_000);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Whether the frame is of type {@code quotedType} (e.g. {@code "\"receipt\""}), read where the
     * server writes it, first: <code>{"type":...</code>. Costs a few bytes, not a scan of the frame.
     */
    static boolean isType(ByteBuf content, byte[] quotedType) {
        int at = content.readerIndex() + TYPE_AT;
        if (content.writerIndex() - at < quotedType.length) {
            return false;
        }
        for (int j = 0; j < quotedType.length; j++) {
            if (content.getByte(at + j) != quotedType[j]) {
                return false;
            }
        }
        return true;
    }

    /** The CPU this process (the load clients) has used so far, in nanoseconds. */
    public static long ownCpuNanos() {
        return ProcStats.of(ProcessHandle.current().pid()).cpuNanos();
    }

    /** Where {@code key} first occurs in the readable bytes (an absolute index), or -1. */
    static int indexOf(ByteBuf content, byte[] key) {
        int end = content.writerIndex();
        outer:
        for (int i = content.readerIndex(); i <= end - key.length; i++) {
            for (int j = 0; j < key.length; j++) {
                if (content.getByte(i + j) != key[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * The decimal digits right after the first {@code key} (e.g. {@code "ts":}), without parsing the JSON; -1 if none.
     */
    static long longAfter(ByteBuf content, byte[] key) {
        int at = indexOf(content, key);
        if (at < 0) {
            return -1;
        }
        long value = 0;
        int digits = 0;
        for (int k = at + key.length; k < content.writerIndex(); k++) {
            byte b = content.getByte(k);
            if (b < '0' || b > '9') {
                break;
            }
            value = value * 10 + (b - '0');
            digits++;
        }
        return digits == 0 ? -1 : value;
    }
}
