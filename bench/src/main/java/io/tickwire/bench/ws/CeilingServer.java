package io.tickwire.bench.ws;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The most this transport can do on this machine: a Netty WebSocket server with no hub, journal
 * or engine, that writes pre-encoded frames to every connection, one write per frame and one
 * flush per batch (as the hub does). Fan-out results are reported as a ratio to it.
 */
public final class CeilingServer implements AutoCloseable {
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers;
    private final ChannelGroup subscribers = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Channel server;

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
     * Writes each frame to every connection, then flushes once: one task per event loop, which
     * writes to all of its own channels (no task per channel), the cheapest fan-out Netty allows.
     */
    public void broadcast(List<byte[]> frames) {
        java.util.Map<io.netty.channel.EventLoop, List<Channel>> byLoop = new java.util.HashMap<>();
        for (Channel c : subscribers) {
            byLoop.computeIfAbsent(c.eventLoop(), l -> new java.util.ArrayList<>()).add(c);
        }
        List<io.netty.buffer.ByteBuf> buffers = new java.util.ArrayList<>(frames.size());
        for (byte[] frame : frames) {
            buffers.add(Unpooled.wrappedBuffer(frame));
        }
        byLoop.forEach((loop, channels) -> loop.execute(() -> {
            for (Channel c : channels) {
                for (io.netty.buffer.ByteBuf b : buffers) {
                    c.write(new TextWebSocketFrame(b.retainedDuplicate()), c.voidPromise());
                }
                c.flush();
            }
        }));
    }

    @Override
    public void close() {
        subscribers.close().awaitUninterruptibly();
        server.close().awaitUninterruptibly();
        workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
