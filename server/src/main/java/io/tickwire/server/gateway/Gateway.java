package io.tickwire.server.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.tickwire.protocol.codec.JsonCodec;
import io.tickwire.server.auth.TokenService;
import io.tickwire.server.core.TradingCore;
import io.tickwire.server.hub.Hub;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/** The Netty server: HTTP on the port, WebSocket at {@code /ws}. Event loops touch sockets only. */
public final class Gateway implements AutoCloseable {
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    private final Channel server;
    private final RestApi api;
    private final io.netty.channel.group.ChannelGroup connections =
            new io.netty.channel.group.DefaultChannelGroup(io.netty.util.concurrent.GlobalEventExecutor.INSTANCE);

    public Gateway(GatewayConfig config, JsonCodec codec, TokenService tokens, Hub hub, TradingCore core,
                   io.tickwire.server.metrics.ServerMetrics metrics) throws InterruptedException {
        AtomicLong requestIds = new AtomicLong(System.currentTimeMillis() * 1000);
        ConnectionLimits limits = new ConnectionLimits(config.maxConnections(), config.maxConnectionsPerUser());
        this.api = new RestApi(codec, tokens, hub, core, requestIds, metrics);
        metrics.connections(limits::open);
        RestRateLimiter restLimiter = new RestRateLimiter(config.restRequestsPerSecond());
        WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/ws")
                .checkStartsWith(true)
                .maxFramePayloadLength(config.maxFrameBytes())
                .handleCloseFrames(true)
                .build();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (!limits.tryOpen()) {
                            ch.close(); // over the total: refuse before reading a byte
                            return;
                        }
                        ch.closeFuture().addListener(f -> limits.closed());
                        connections.add(ch);
                        ch.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(16 * 1024))
                                .addLast(new HttpHandler(tokens, api, restLimiter))
                                .addLast(new io.netty.handler.timeout.IdleStateHandler(config.idleTimeout().toMillis(), 0, 0,
                                        java.util.concurrent.TimeUnit.MILLISECONDS))
                                .addLast(new WebSocketServerProtocolHandler(ws))
                                .addLast(new WsHandler(codec, tokens, hub, core, config, requestIds, limits, metrics));
                    }
                });
        this.server = bootstrap.bind(config.port()).sync().channel();
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Stops accepting, tells every client the server is going away (1001), then stops the event loops. */
    @Override
    public void close() {
        server.close().syncUninterruptibly();
        connections.writeAndFlush(new io.netty.handler.codec.http.websocketx.CloseWebSocketFrame(1001,
                "server going away"), ch -> ch.pipeline().get(WsHandler.class) != null
                && ch.pipeline().get(io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.class) != null)
                .awaitUninterruptibly(2, java.util.concurrent.TimeUnit.SECONDS);
        connections.close().awaitUninterruptibly(2, java.util.concurrent.TimeUnit.SECONDS);
        api.close();
        workers.shutdownGracefully(0, 5, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 5, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
