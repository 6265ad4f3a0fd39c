package io.tickwire.relay.capture;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An upstream feed for the capture tests: a WebSocket server on a loopback port that the test
 * drives by hand: it waits for the relay to connect, sends frames, and cuts the connection.
 */
final class FakeFeed implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private final BlockingQueue<Channel> connections = new LinkedBlockingQueue<>();
    /** What the relay sent us (subscribe frames, pings), in order. */
    final List<String> received = new CopyOnWriteArrayList<>();
    /** The headers of each connection's handshake. */
    final List<HttpHeaders> handshakes = new CopyOnWriteArrayList<>();

    FakeFeed() throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                new WebSocketServerProtocolHandler("/stream"),
                                new SimpleChannelInboundHandler<WebSocketFrame>() {
                                    @Override
                                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete done) {
                                            handshakes.add(done.requestHeaders());
                                            connections.add(ctx.channel());
                                        }
                                        ctx.fireUserEventTriggered(evt);
                                    }

                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
                                        if (frame instanceof TextWebSocketFrame text) {
                                            received.add(text.text());
                                        }
                                    }
                                });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    String url() {
        return "ws://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + "/stream";
    }

    /** The relay's next connection, once its handshake is done. */
    Channel awaitConnection() throws InterruptedException {
        Channel channel = connections.poll(30, TimeUnit.SECONDS);
        if (channel == null) {
            throw new AssertionError("the relay did not connect within 30 s");
        }
        return channel;
    }

    static void send(Channel channel, String text) throws InterruptedException {
        channel.writeAndFlush(new TextWebSocketFrame(text)).sync();
    }

    /** Cuts the connection after what was sent (a TCP close: what was written is read first). */
    static void cut(Channel channel) throws InterruptedException {
        channel.close().sync();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
