package io.tickwire.client;

import io.tickwire.codec.Decoded;
import io.tickwire.codec.JsonCodec;
import io.tickwire.protocol.message.ServerMessage;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads one connection, on the JDK's WebSocket thread: joins fragments, timestamps and decodes
 * each frame, and hands it to the loop, waiting until the loop has taken it before asking for the
 * next (so reading pauses while the loop is busy, and TCP pushes back).
 */
final class SocketReader implements WebSocket.Listener {
    private final Connection connection;
    private final ClientLoop loop;
    private final JsonCodec codec;
    private final int gen;
    private final StringBuilder partial = new StringBuilder();

    SocketReader(Connection connection, ClientLoop loop, JsonCodec codec, int gen) {
        this.connection = connection;
        this.loop = loop;
        this.codec = codec;
        this.gen = gen;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long receivedNanos = System.nanoTime();
        long receivedAtMillis = System.currentTimeMillis();
        partial.append(data);
        if (partial.length() > JsonCodec.DEFAULT_MAX_SERVER_FRAME) {
            partial.setLength(0);
            webSocket.abort();
            loop.onLoop(() -> connection.lost(gen, 1009, "a frame from the server exceeded "
                    + JsonCodec.DEFAULT_MAX_SERVER_FRAME + " characters"));
            return null;
        }
        if (!last) {
            webSocket.request(1);
            return null;
        }
        String text = partial.toString();
        partial.setLength(0);
        Decoded<ServerMessage> decoded = codec.decodeServer(text);
        // Wait until the loop has handled it, then ask for the next frame from this thread:
        // reading pauses while the loop is busy (bounded memory, TCP pushes back), and demand
        // is only ever signalled from the listener's own thread (the JDK's WebSocket has
        // failed with an InternalError when request() raced a receive from another thread).
        handOff(() -> {
            connection.heard(gen, receivedNanos, receivedAtMillis);
            switch (decoded) {
                case Decoded.Ok<ServerMessage> ok -> connection.onFrame(gen, ok.message(), receivedNanos,
                        receivedAtMillis);
                case Decoded.Invalid<ServerMessage> invalid -> loop.emit(new SessionEvent.Error(ClientLoop.now(),
                        "a frame from the server did not decode: " + invalid.error().message(), null));
            }
        });
        webSocket.request(1);
        return null;
    }

    /** Runs {@code task} on the loop and waits for it (not past the client's close). */
    private void handOff(Runnable task) {
        if (loop.isLoopThread()) {
            // When the handshake is already done as buildAsync returns, the JDK opens the
            // socket and delivers the first frames on the caller's thread: the loop itself.
            // Waiting for the loop here would wait forever.
            runReporting(task);
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                try {
                    runReporting(task);
                } finally {
                    done.complete(null);
                }
            });
        } catch (RejectedExecutionException closing) {
            return;
        }
        while (!loop.isClosed()) {
            try {
                done.get(100, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException stillBusy) {
                // check closed, wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException impossible) {
                return;
            }
        }
    }

    private void runReporting(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            loop.emit(new SessionEvent.Error(ClientLoop.now(), "handling a frame failed: " + e, e));
        }
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        long receivedNanos = System.nanoTime();
        long receivedAtMillis = System.currentTimeMillis();
        loop.onLoop(() -> connection.heard(gen, receivedNanos, receivedAtMillis));
        webSocket.request(1);
        return null; // the JDK answers with a pong
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        loop.onLoop(() -> connection.lost(gen, statusCode, reason == null || reason.isEmpty() ? "closed by the server"
                : reason));
        return null; // the JDK answers the close
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        loop.onLoop(() -> connection.lost(gen, -1, String.valueOf(error)));
    }
}
