package io.tickwire.testkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy for tests that can cut every connection through it, or silently swallow what one
 * side sends (to lose a command before the server sees it, or a receipt after it was sent).
 * The target port can change (a restarted server).
 */
public final class ChaosProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Pair> pairs = new CopyOnWriteArrayList<>();
    private volatile int targetPort;
    private volatile boolean closed;
    private final AtomicLong swallowedUpstream = new AtomicLong();

    public ChaosProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().name("proxy-accept").start(this::accept);
    }

    public int port() {
        return listener.getLocalPort();
    }

    public void target(int port) {
        this.targetPort = port;
    }

    /** Closes every connection open now. */
    public int cutAll() {
        int cut = 0;
        for (Pair pair : pairs) {
            pair.close();
            cut++;
        }
        return cut;
    }

    /** From now on, what the clients of the connections open now send is swallowed. */
    public void swallowUpstream() {
        pairs.forEach(p -> p.swallowUp = true);
    }

    /** Bytes the clients sent that were swallowed so far. */
    public long swallowedUpstream() {
        return swallowedUpstream.get();
    }

    /** From now on, what the server sends on the connections open now is swallowed. */
    public void swallowDownstream() {
        pairs.forEach(p -> p.swallowDown = true);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server;
                try {
                    server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                } catch (IOException refused) {
                    client.close();
                    continue;
                }
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                Pair pair = new Pair(client, server);
                pairs.add(pair);
                Thread.ofVirtual().start(() -> pump(pair, client, server, true));
                Thread.ofVirtual().start(() -> pump(pair, server, client, false));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Pair pair, Socket from, Socket to, boolean upstream) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (upstream ? pair.swallowUp : pair.swallowDown) {
                    if (upstream) {
                        swallowedUpstream.addAndGet(n);
                    }
                    continue;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // cut, or the other side closed
        } finally {
            pair.close();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        cutAll();
    }

    private final class Pair {
        final Socket client;
        final Socket server;
        volatile boolean swallowUp;
        volatile boolean swallowDown;

        Pair(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void close() {
            pairs.remove(this);
            try {
                client.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                server.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
