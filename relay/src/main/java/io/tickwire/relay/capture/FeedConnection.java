package io.tickwire.relay.capture;

import io.tickwire.client.ReconnectPolicy;
import io.tickwire.relay.upstream.RelayMetrics;
import io.tickwire.relay.upstream.UpstreamStatus;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The capture's WebSocket client ({@code tickwire-relay-upstream}): connects with the capture's
 * headers, sends its subscribe frames, pings on its interval, counts a connection silent for the
 * idle timeout as dead, and reconnects after a full-jitter backoff (the SDK's
 * {@link ReconnectPolicy}) that starts again from its first step once a connection has lasted
 * ten seconds. Every whole text frame goes to the {@link CaptureRecorder}; a frame over the size
 * bound or a binary one is rejected there, never held whole. Frames are read one at a time
 * ({@code request(1)} after each is queued), so a recorder that falls behind slows the reading,
 * and TCP the upstream, rather than fill memory.
 */
public final class FeedConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FeedConnection.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final long STABLE_MILLIS = 10_000;

    private final CaptureConfig config;
    private final CaptureRecorder recorder;
    private final UpstreamStatus status;
    private final RelayMetrics metrics;
    private final ReconnectPolicy backoff;
    private final HttpClient http;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tickwire-relay-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private final Thread thread;
    private volatile boolean running = true;
    private volatile WebSocket socket;

    public FeedConnection(CaptureConfig config, CaptureRecorder recorder, UpstreamStatus status,
                          RelayMetrics metrics) {
        this.config = config;
        this.recorder = recorder;
        this.status = status;
        this.metrics = metrics;
        this.backoff = ReconnectPolicy.exponential(config.reconnectInitial(), config.reconnectMax()).fullJitter();
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        this.thread = new Thread(this::run, "tickwire-relay-upstream");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        int attempt = 0;
        boolean first = true;
        while (running) {
            if (status.failure() != null) {
                log.error("no longer reading {}: {}", config.url(), status.failure());
                return;
            }
            CompletableFuture<Void> closed = new CompletableFuture<>();
            long openedAt = 0;
            try {
                WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
                config.headers().forEach(builder::header);
                socket = builder.buildAsync(config.url(), new Reader(closed, !first))
                        .get(CONNECT_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
                openedAt = System.currentTimeMillis();
                if (!first) {
                    status.reconnected();
                }
                first = false;
                log.info("capturing {}", config.url());
                for (String frame : config.subscribe()) {
                    socket.sendText(frame, true).get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
                ScheduledFuture<?> beat = heartbeat.scheduleAtFixedRate(() -> beat(socket, closed),
                        config.pingInterval().toMillis(), config.pingInterval().toMillis(), TimeUnit.MILLISECONDS);
                try {
                    closed.get();
                } finally {
                    beat.cancel(false);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                if (running) {
                    log.warn("upstream {}: {}", config.url(), rootMessage(e));
                }
            } finally {
                status.connected(false);
                WebSocket s = socket;
                if (s != null) {
                    s.abort();
                }
            }
            attempt = openedAt > 0 && System.currentTimeMillis() - openedAt >= STABLE_MILLIS ? 0 : attempt + 1;
            if (!running) {
                break;
            }
            Duration delay = backoff.delay(Math.max(0, attempt - 1));
            log.info("reconnecting to {} in {} ms", config.url(), delay.toMillis());
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    private void beat(WebSocket s, CompletableFuture<Void> closed) {
        if (System.currentTimeMillis() - status.lastMessageAt() > config.idleTimeout().toMillis()) {
            log.warn("upstream {} silent for {}: reconnecting", config.url(), config.idleTimeout());
            closed.complete(null);
            return;
        }
        try {
            if (config.pingMessage() != null) {
                s.sendText(config.pingMessage(), true).get(5, TimeUnit.SECONDS);
            } else {
                s.sendPing(ByteBuffer.allocate(0)).get(5, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            closed.complete(null);
        }
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** One connection's frames: whole text frames to the recorder, one at a time. */
    private final class Reader implements WebSocket.Listener {
        private final CompletableFuture<Void> closed;
        private final boolean reconnect;
        private final StringBuilder text = new StringBuilder();
        private long size;
        private boolean binary;

        Reader(CompletableFuture<Void> closed, boolean reconnect) {
            this.closed = closed;
            this.reconnect = reconnect;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            long now = System.currentTimeMillis();
            status.received(now);
            try {
                if (reconnect) {
                    recorder.reconnected(now); // the new epoch starts before this connection's first frame
                }
            } catch (InterruptedException | IllegalStateException e) {
                stop(webSocket, e);
                return;
            }
            status.connected(true);
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            size += utf8Length(data);
            if (size <= config.maxFrameBytes()) {
                text.append(data);
            } else if (text.length() > CaptureRecorder.SAMPLE_CHARS) {
                text.setLength(CaptureRecorder.SAMPLE_CHARS); // only the sample is kept of a frame too large
            }
            if (last) {
                whole(webSocket);
            } else {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            size += data.remaining();
            binary = true;
            if (last) {
                whole(webSocket);
            } else {
                webSocket.request(1);
            }
            return null;
        }

        private void whole(WebSocket webSocket) {
            long now = System.currentTimeMillis();
            status.received(now);
            metrics.received(size);
            try {
                if (binary) {
                    recorder.rejected("not_json", size, "(a binary frame)", now);
                } else if (size > config.maxFrameBytes()) {
                    recorder.rejected("too_large", size, text.toString(), now);
                } else {
                    recorder.frame(text.toString(), now);
                }
            } catch (InterruptedException | IllegalStateException e) {
                stop(webSocket, e);
                return;
            } finally {
                text.setLength(0);
                size = 0;
                binary = false;
            }
            webSocket.request(1);
        }

        /** Interrupted, or the recorder failed: this connection ends, and its loop looks at why. */
        private void stop(WebSocket webSocket, Exception why) {
            if (why instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            webSocket.abort();
            closed.complete(null);
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            status.received(System.currentTimeMillis());
            webSocket.request(1);
            return null; // the client answers with a pong itself
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            status.received(System.currentTimeMillis());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            log.warn("upstream {} closed the connection: {} {}", config.url(), statusCode, reason);
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            log.warn("upstream {} failed: {}", config.url(), rootMessage(error));
            closed.complete(null);
        }
    }

    private static long utf8Length(CharSequence s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }

    /** Stops reading and reconnecting. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        WebSocket s = socket;
        if (s != null) {
            s.abort();
        }
        heartbeat.shutdownNow();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
