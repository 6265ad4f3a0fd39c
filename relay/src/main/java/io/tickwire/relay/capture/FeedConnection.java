package io.tickwire.relay.capture;

import io.tickwire.agent.Agent;
import io.tickwire.agent.AgentRunner;
import io.tickwire.agent.AgentThreads;
import io.tickwire.agent.Backoff;
import io.tickwire.agent.IdleStrategy;
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
 * idle timeout as dead, and reconnects after a full-jitter {@link Backoff} (the one every
 * reconnect loop has, the SDK's too) that starts again from its first step once a connection has lasted
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
    private final HttpClient http;
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
            AgentThreads.factory("relay-heartbeat", e -> log.error("capture heartbeat failed", e)));
    /** Runs {@link Upstream} on {@code tickwire-relay-upstream}. */
    private final AgentRunner runner;
    private volatile WebSocket socket;
    /** The connection being made, and the end of the one open: what a close cuts short. */
    private volatile CompletableFuture<WebSocket> connecting;
    private volatile CompletableFuture<Void> current;

    public FeedConnection(CaptureConfig config, CaptureRecorder recorder, UpstreamStatus status,
                          RelayMetrics metrics) {
        this.config = config;
        this.recorder = recorder;
        this.status = status;
        this.metrics = metrics;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        Upstream upstream = new Upstream(
                Backoff.exponential(config.reconnectInitial(), config.reconnectMax()).fullJitter().attempts());
        this.runner = new AgentRunner(upstream,
                IdleStrategy.parking(() -> Math.max(1, upstream.retryAtNanos - System.nanoTime())),
                e -> log.error("no longer reading {}: {}", config.url(), e.getMessage()))
                .closeBound(Duration.ofSeconds(5));
    }

    public void start() {
        runner.start();
    }

    /** One connection a round, held until it ends; then the wait before the next. */
    private final class Upstream implements Agent {
        private final Backoff.Attempts attempts;
        private boolean first = true;
        private long retryAtNanos = System.nanoTime();

        Upstream(Backoff.Attempts attempts) {
            this.attempts = attempts;
        }

        @Override
        public String roleName() {
            return "relay-upstream";
        }

        @Override
        public int doWork() throws InterruptedException {
            if (status.failure() != null) {
                throw new IllegalStateException(String.valueOf(status.failure())); // ends the capture
            }
            if (System.nanoTime() - retryAtNanos < 0) {
                return 0;
            }
            CompletableFuture<Void> closed = new CompletableFuture<>();
            current = closed;
            long openedAt = 0;
            try {
                WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT);
                config.headers().forEach(builder::header);
                CompletableFuture<WebSocket> opening = builder.buildAsync(config.url(), new Reader(closed, !first));
                connecting = opening;
                if (!runner.isRunning()) {
                    opening.cancel(false);
                }
                socket = opening.get(CONNECT_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
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
                throw e;
            } catch (Exception e) {
                if (runner.isRunning()) {
                    log.warn("upstream {}: {}", config.url(), rootMessage(e));
                }
            } finally {
                status.connected(false);
                WebSocket s = socket;
                if (s != null) {
                    s.abort();
                }
            }
            if (openedAt > 0 && System.currentTimeMillis() - openedAt >= STABLE_MILLIS) {
                attempts.reset();
            }
            if (!runner.isRunning()) {
                return 1;
            }
            long delay = attempts.nextDelayNanos();
            log.info("reconnecting to {} in {} ms", config.url(), TimeUnit.NANOSECONDS.toMillis(delay));
            retryAtNanos = System.nanoTime() + delay;
            return 1;
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
        runner.stop();
        CompletableFuture<WebSocket> opening = connecting;
        if (opening != null) {
            opening.cancel(false);
        }
        CompletableFuture<Void> open = current;
        if (open != null) {
            open.complete(null);
        }
        WebSocket s = socket;
        if (s != null) {
            s.abort();
        }
        heartbeat.shutdownNow();
        runner.close();
    }
}
