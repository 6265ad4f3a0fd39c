package io.tickwire.bench.ws;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.tickwire.server.frontdoor.TextFrames;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The most this transport can do on this machine: a Netty WebSocket server with no hub, journal
 * or engine, that writes pre-encoded frames to every connection: each event loop frames what is
 * queued once and writes that buffer to each of its channels, one flush each (see {@link
 * #broadcast}). Fan-out results are reported as a ratio to it.
 */
public final class CeilingServer implements AutoCloseable {
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers;
    private final ChannelGroup subscribers = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel server;

    private volatile List<Loop> loops = List.of();

    /** Changes whenever a channel joins or leaves, so that a leave plus a join is seen too. */
    private final AtomicLong membership = new AtomicLong();

    private long loopsBuiltFor = -1;

    /** Starts on an ephemeral port with {@code threads} I/O threads; 0: Netty's default, as the gateway. */
    public CeilingServer(int threads) throws InterruptedException {
        workers = threads > 0 ? new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory())
                : new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory()); // Netty's default, as the gateway
        server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(16 * 1024),
                                new WebSocketServerProtocolHandler("/ws"), new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                                            subscribers.add(ctx.channel());
                                            membership.incrementAndGet();
                                            ctx.channel().closeFuture().addListener(f -> membership.incrementAndGet());
                                        }
                                    }

                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        ReferenceCountUtil.release(msg); // subscribe requests and pings: ignored
                                    }
                                });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public int connections() {
        return subscribers.size();
    }

    /**
     * Queues a frame for every connection. Each event loop then frames everything queued so far
     * into one buffer, once, and writes that same buffer to each of its channels with one flush
     * each: one task per loop however many channels it has, no per-channel encoding, and under
     * load several frames per system call. That is the most Netty can do; the gateway does the
     * same per session (it frames per session, since sessions' queues differ), plus everything
     * else.
     */
    public void broadcast(byte[] frame) {
        for (Loop loop : loops()) {
            loop.queue.add(frame);
            if (loop.scheduled.compareAndSet(false, true)) {
                loop.executor.execute(loop::drain);
            }
        }
    }

    /** One event loop's channels and the frames queued for them. */
    private static final class Loop {
        final EventLoop executor;
        final List<Channel> channels = new ArrayList<>();
        final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();
        final AtomicBoolean scheduled = new AtomicBoolean();

        Loop(EventLoop executor) {
            this.executor = executor;
        }

        void drain() {
            scheduled.set(false);
            ByteBuf framed = Unpooled.directBuffer(4096);
            byte[] frame;
            while ((frame = queue.poll()) != null) {
                TextFrames.append(framed, frame);
            }
            if (framed.isReadable()) {
                for (Channel c : channels) {
                    if (c.isActive()) {
                        c.writeAndFlush(framed.retainedDuplicate(), c.voidPromise());
                    }
                }
            }
            framed.release();
        }
    }

    /** The loops and their channels, rebuilt when connections came or went. */
    private List<Loop> loops() {
        long version = membership.get();
        if (version != loopsBuiltFor) {
            Map<EventLoop, Loop> byLoop = new LinkedHashMap<>();
            for (Channel c : subscribers) {
                byLoop.computeIfAbsent(c.eventLoop(), Loop::new).channels.add(c);
            }
            List<Loop> old = loops;
            loops = List.copyOf(byLoop.values());
            loopsBuiltFor = version;
            for (Loop o : old) { // frames still queued in a replaced loop go out with it
                if (!o.queue.isEmpty()) {
                    o.executor.execute(o::drain);
                }
            }
        }
        return loops;
    }

    @Override
    public void close() {
        subscribers.close().awaitUninterruptibly();
        server.close().awaitUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
