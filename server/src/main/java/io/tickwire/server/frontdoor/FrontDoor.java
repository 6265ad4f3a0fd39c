package io.tickwire.server.frontdoor;

import io.tickwire.protocol.message.ServerMessage;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.channel.group.ChannelMatcher;
import io.netty.buffer.Unpooled;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.tickwire.codec.JsonCodec;
import io.tickwire.server.auth.TokenService;
import io.tickwire.server.core.OrderEntry;
import io.tickwire.server.frontdoor.rest.RestApi;
import io.tickwire.server.hub.Hub;
import io.tickwire.server.metrics.ServerMetrics;
import io.tickwire.server.status.NodeStatus;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty server: HTTP (REST) and WebSocket ({@code /ws}) on one port, over TLS when configured.
 * Event loops touch sockets only.
 *
 * <p>It starts in two steps so that a start which cannot succeed changes nothing on disk:
 * {@link #bind} takes the port (and loads the TLS files) before the core recovers its journal,
 * accepting no connection yet; {@link #start} then begins accepting. Connections that arrive in
 * between wait in the kernel's backlog.
 */
public final class FrontDoor implements AutoCloseable {
    /**
     * What the shutdown {@code notice} asks clients to wait before they reconnect: long enough for a
     * restart to bind again, short enough not to matter to a client that moves to another node.
     */
    public static final long SHUTDOWN_RECONNECT_AFTER_MS = 1000;
    private static final Logger log = LoggerFactory.getLogger(FrontDoor.class);

    private final FrontDoorConfig config;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel server;
    private final ConnectionLimits limits;
    private final FrontDoorPipeline pipeline;
    private final ChannelGroup connections;
    private final ReloadingTls tls;

    private FrontDoor(FrontDoorConfig config, EventLoopGroup boss, EventLoopGroup workers, Channel server,
                    ConnectionLimits limits, FrontDoorPipeline pipeline, ChannelGroup connections, ReloadingTls tls) {
        this.tls = tls;
        this.config = config;
        this.boss = boss;
        this.workers = workers;
        this.server = server;
        this.limits = limits;
        this.pipeline = pipeline;
        this.connections = connections;
    }

    /**
     * Binds {@code config.host():config.port()} and loads the TLS certificate, accepting nothing yet.
     *
     * @throws FrontDoorBindException when the port cannot be bound or the TLS files cannot be used;
     *                              the message names the address or the files
     */
    public static FrontDoor bind(FrontDoorConfig config) throws FrontDoorBindException {
        ReloadingTls ssl = config.tls() == null ? null : ReloadingTls.load(config.tls());
        long fdLimit = ConnectionLimits.fdLimit();
        ConnectionLimits limits = new ConnectionLimits(ConnectionLimits.effective(config.maxConnections(), fdLimit),
                config.maxConnectionsPerUser(), config.maxConnectionsPerAddress());
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        FrontDoorPipeline pipeline = new FrontDoorPipeline(config, ssl, limits, connections);
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = config.ioThreads() > 0
                ? new MultiThreadIoEventLoopGroup(config.ioThreads(), NioIoHandler.newFactory())
                : new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false) // accept nothing until start()
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(pipeline);
        Channel server;
        try {
            server = bootstrap.bind(config.host(), config.port()).sync().channel();
        } catch (Exception e) {
            if (ssl != null) {
                ssl.close();
            }
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new FrontDoorBindException("cannot listen on " + config.host() + ":" + config.port() + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
        log.info("connection limit {} (max_connections {}, file descriptor limit {}, {} kept in reserve)",
                limits.maxTotal(), config.maxConnections(), fdLimit < 0 ? "unknown" : fdLimit,
                ConnectionLimits.FD_RESERVE);
        return new FrontDoor(config, boss, workers, server, limits, pipeline, connections, ssl);
    }

    /**
     * Accepts connections before {@link #start}, answering each 503 ("starting"): for a node whose
     * start takes a while (a gateway node waiting for the core's state), so that {@code /health}
     * and clients learn it is not ready instead of waiting in the backlog.
     */
    public void acceptWhileStarting() {
        server.config().setAutoRead(true);
    }

    /**
     * Starts accepting connections, served with these services. From now on a change of the
     * tokens' revocations closes (4001) every WebSocket whose token it revokes.
     *
     * @param orders where clients' commands go; null on a node that takes none (a relay), which
     *               answers them {@code forbidden}
     * @param status what the node reports about itself
     */
    public void start(JsonCodec codec, TokenService tokens, Hub hub, OrderEntry orders, NodeStatus status,
                      ServerMetrics metrics) {
        metrics.connections(limits::openWebSockets);
        tokens.revocations().addListener(added -> closeRevoked());
        pipeline.start(new FrontDoorContext(config, codec, tokens, hub, orders, status, metrics,
                new AtomicLong(orders == null ? 0 : orders.requestIdBase()), limits,
                new LoopOutboxes(hub, codec, metrics)));
        server.config().setAutoRead(true);
    }

    /**
     * Has each WebSocket check its token against the revocations, on its own event loop (which
     * owns the session); the caller, the thread that changed them, only hands the check over.
     */
    private void closeRevoked() {
        for (Channel channel : connections) {
            WsHandler ws = channel.pipeline().get(WsHandler.class);
            if (ws != null) {
                channel.eventLoop().execute(ws::closeIfRevoked);
            }
        }
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The address bound, as configured. */
    public String host() {
        return config.host();
    }

    /**
     * Stops accepting, tells every WebSocket client it is going (a {@code notice} {@code shutdown}
     * with {@link #SHUTDOWN_RECONNECT_AFTER_MS}, then a 1001 close), then stops the event loops.
     */
    @Override
    public void close() {
        server.close().syncUninterruptibly();
        ChannelMatcher webSockets = ch -> ch.pipeline().get(WsHandler.class) != null
                && ch.pipeline().get(FrontDoorPipeline.WS_PROTOCOL) != null;
        byte[] notice = new JsonCodec().encode(new ServerMessage.Notice(ServerMessage.Notice.SHUTDOWN,
                "the server is shutting down; reconnect after reconnect_after_ms, with jitter",
                SHUTDOWN_RECONNECT_AFTER_MS));
        connections.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(notice)), webSockets);
        connections.writeAndFlush(new CloseWebSocketFrame(1001, "server going away"), webSockets)
                .awaitUninterruptibly(2, TimeUnit.SECONDS);
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        RestApi api = pipeline.api();
        if (api != null) {
            api.close();
        }
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        if (tls != null) {
            tls.close();
        }
    }

}
