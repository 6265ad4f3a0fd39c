package io.tickwire.testkit.ws;

import io.tickwire.codec.JsonCodec;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.StreamEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** A real WebSocket client for tests: decodes every frame and queues it. */
public final class WsTestClient implements AutoCloseable {
    private static final JsonCodec CODEC = new JsonCodec();

    private final BlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
    private final List<ServerMessage> seen = new ArrayList<>();
    /** Set by the listener, which may run before {@link #connect} returns (a server that closes at once). */
    private volatile int closeCode = -1;
    private final AtomicInteger pings = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private WebSocket socket;

    private final List<ServerMessage> backlog = new ArrayList<>();

    private WsTestClient() {
    }

    public static WsTestClient connect(int port, String bearer) throws Exception {
        return connect(port, bearer, Map.of());
    }

    /** Connects with {@code headers} on the upgrade request besides the token (a proxy's {@code X-Forwarded-For}). */
    public static WsTestClient connect(int port, String bearer, Map<String, String> headers) throws Exception {
        WsTestClient client = new WsTestClient();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public void onOpen(WebSocket webSocket) {
                webSocket.request(Long.MAX_VALUE); // read everything as fast as it comes
            }

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    ServerMessage message = CODEC.decodeServer(partial.toString()).orThrow();
                    partial.setLength(0);
                    client.received.add(message);
                }
                return null;
            }

            @Override
            public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
                client.pings.incrementAndGet();
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                client.closeCode = statusCode;
                client.closed.countDown();
                return null; // the JDK then answers with its own close frame, completing the handshake
            }
        };
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        headers.forEach(builder::header);
        client.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), listener)
                .get(10, TimeUnit.SECONDS);
        return client;
    }

    public void send(String json) {
        socket.sendText(json, true).join();
    }

    /**
     * The first message not yet claimed that matches, within 10 s. Messages read on the way stay
     * in the backlog for later waits; {@link #seen} keeps every message in arrival order.
     */
    @SuppressWarnings("unchecked")
    public <T extends ServerMessage> T await(Predicate<ServerMessage> match) throws InterruptedException {
        for (int i = 0; i < backlog.size(); i++) {
            if (match.test(backlog.get(i))) {
                return (T) backlog.remove(i);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            ServerMessage m = received.poll(100, TimeUnit.MILLISECONDS);
            if (m != null) {
                seen.add(m);
                if (match.test(m)) {
                    return (T) m;
                }
                backlog.add(m);
            }
        }
        throw new AssertionError("no matching message within 10 s; seen: " + seen);
    }

    /** The next message not yet claimed, in arrival order (backlog first), or null after {@code millis}. */
    public ServerMessage next(long millis) throws InterruptedException {
        if (!backlog.isEmpty()) {
            return backlog.remove(0);
        }
        ServerMessage m = received.poll(millis, TimeUnit.MILLISECONDS);
        if (m != null) {
            seen.add(m);
        }
        return m;
    }

    public <T extends ServerMessage> T await(Class<T> type) throws InterruptedException {
        return await(type::isInstance);
    }

    public StreamEvent awaitEvent(String type) throws InterruptedException {
        return await(m -> m instanceof StreamEvent e && e.type().equals(type));
    }

    /** Waits up to 5 s for the server to close the connection; returns the close code (-1 if it did not). */
    public int awaitClose() throws InterruptedException {
        closed.await(5, TimeUnit.SECONDS);
        return closeCode;
    }

    /** Messages decoded and not yet taken by {@link #await} or {@link #next}. */
    public BlockingQueue<ServerMessage> received() {
        return received;
    }

    /** Every message taken so far by {@link #await} or {@link #next}, in arrival order. */
    public List<ServerMessage> seen() {
        return seen;
    }

    /** The close code the server sent, or -1 while the connection is open. */
    public int closeCode() {
        return closeCode;
    }

    /** How many pings the server sent. */
    public int pings() {
        return pings.get();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
