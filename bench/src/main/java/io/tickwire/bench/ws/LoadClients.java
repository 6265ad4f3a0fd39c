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
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * N real WebSocket connections driven by a few Netty threads. Each connection sends its
 * subscribe messages once the handshake is done, then counts what arrives: messages, bytes, and
 * latency from the event's {@code ts} (the server's clock, same machine) to the moment the frame
 * is read. Connections come from 127.0.0.2 upwards, 200 addresses, so that more than the ~28k
 * ephemeral ports of one source address fit.
 */
public final class LoadClients implements AutoCloseable {
    private static final byte[] TS = "\"ts\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int SOURCE_ADDRESSES = 200;

    private final EventLoopGroup group;
    private final List<Channel> channels = new ArrayList<>();
    /** Messages received. */
    public final LongAdder messages = new LongAdder();
    /** Payload bytes received. */
    public final LongAdder bytes = new LongAdder();
    /** ms from the event's {@code ts} to its arrival, recorded in microseconds. */
    public final Recorder latency = new Recorder(3);
    private volatile boolean measuring = true;

    public LoadClients(int threads) {
        group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    }

    /**
     * Opens {@code count} connections to {@code uri}, each sending {@code subscribeFrames} once up;
     * returns when all are up (or throws after {@code timeoutSeconds}).
     *
     * @return connections per second
     */
    public double connect(URI uri, int count, List<String> subscribeFrames, int timeoutSeconds) throws Exception {
        CountDownLatch up = new CountDownLatch(count);
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                                new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                                        .webSocketUri(uri).maxFramePayloadLength(16 << 20)
                                        .handshakeTimeoutMillis(TimeUnit.SECONDS.toMillis(timeoutSeconds)).build()),
                                new Counter(subscribeFrames, up));
                    }
                });
        long start = System.nanoTime();
        InetSocketAddress remote = new InetSocketAddress(uri.getHost(), uri.getPort());
        List<ChannelFuture> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            InetSocketAddress local = new InetSocketAddress("127.0.0." + (2 + i % SOURCE_ADDRESSES), 0);
            pending.add(bootstrap.connect(remote, local));
            if (pending.size() >= 200) { // a few hundred handshakes in flight at a time
                for (ChannelFuture f : pending) {
                    channels.add(f.sync().channel());
                }
                pending.clear();
            }
        }
        for (ChannelFuture f : pending) {
            channels.add(f.sync().channel());
        }
        if (!up.await(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException((count - (count - up.getCount())) + " connections did not come up in "
                    + timeoutSeconds + " s");
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    /** Starts a measurement window: counters and histogram from zero. */
    public void resetWindow() {
        messages.reset();
        bytes.reset();
        latency.reset();
        measuring = true;
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
        private final List<String> subscribeFrames;
        private final CountDownLatch up;

        Counter(List<String> subscribeFrames, CountDownLatch up) {
            this.subscribeFrames = subscribeFrames;
            this.up = up;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                for (String frame : subscribeFrames) {
                    ctx.write(new TextWebSocketFrame(frame));
                }
                ctx.flush();
                up.countDown();
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (!(frame instanceof TextWebSocketFrame) || !measuring) {
                return;
            }
            long now = System.currentTimeMillis();
            ByteBuf content = frame.content();
            messages.increment();
            bytes.add(content.readableBytes());
            long ts = timestamp(content);
            if (ts > 0) {
                latency.recordValue(Math.max(0, now - ts) * 1_000);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** The value of the first {@code "ts":} in the frame, without parsing the JSON; 0 if none. */
    static long timestamp(ByteBuf content) {
        int end = content.writerIndex();
        outer:
        for (int i = content.readerIndex(); i <= end - TS.length; i++) {
            for (int j = 0; j < TS.length; j++) {
                if (content.getByte(i + j) != TS[j]) {
                    continue outer;
                }
            }
            long value = 0;
            for (int k = i + TS.length; k < end; k++) {
                byte b = content.getByte(k);
                if (b < '0' || b > '9') {
                    break;
                }
                value = value * 10 + (b - '0');
            }
            return value;
        }
        return 0;
    }
}
