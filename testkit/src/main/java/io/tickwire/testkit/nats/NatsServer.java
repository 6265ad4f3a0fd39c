package io.tickwire.testkit.nats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code nats-server} with JetStream, as a child process on loopback, for tests: started
 * from a configuration file in its own directory, killed with SIGKILL or stopped, and started
 * again on the same ports and storage. {@code scripts/require-nats-server}, which
 * {@code ./run-tests} runs first, makes sure the binary is installed.
 */
public final class NatsServer implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("Server is ready");
    private static final Pattern CLIENT_PORT =
            Pattern.compile("Listening for client connections on [^ ]*:(\\d+)");

    private final Path dir;
    private final String config;
    private final int port;
    private final Map<String, String> environment;
    private final StringBuffer log = new StringBuffer();
    private Process process;

    private NatsServer(Path dir, String config, int port) {
        this(dir, config, port, Map.of());
    }

    private NatsServer(Path dir, String config, int port, Map<String, String> environment) {
        this.dir = dir;
        this.config = config;
        this.port = port;
        this.environment = Map.copyOf(environment);
    }

    /**
     * One server with JetStream on {@code dir} and a free port, with {@code extra} appended to its
     * configuration (an {@code authorization} block, {@code tls}, an {@code include} of a file) and
     * {@code environment} added to its process's (for the {@code $VARIABLE}s a configuration names).
     */
    public static NatsServer startWith(Path dir, String extra, Map<String, String> environment) throws IOException {
        int port = freePort();
        String config = "listen: 127.0.0.1:" + port + "\n"
                + "jetstream { store_dir: \"" + dir.resolve("store") + "\" }\n"
                + extra + "\n";
        NatsServer server = new NatsServer(dir, config, port, environment);
        server.restart();
        return server;
    }

    /** One server with JetStream on {@code dir}, a free port and the default maximum payload. */
    public static NatsServer start(Path dir) throws IOException {
        return start(dir, 0);
    }

    /** One server with JetStream on {@code dir}; {@code maxPayload} bytes per message when positive. */
    public static NatsServer start(Path dir, int maxPayload) throws IOException {
        int port = freePort();
        String config = "listen: 127.0.0.1:" + port + "\n"
                + (maxPayload > 0 ? "max_payload: " + maxPayload + "\n" : "")
                + "jetstream { store_dir: \"" + dir.resolve("store") + "\" }\n";
        NatsServer server = new NatsServer(dir, config, port);
        server.restart();
        return server;
    }

    /**
     * A cluster of {@code size} servers with JetStream on loopback, each under {@code dir}, routes
     * between all of them. Returns once every node is ready; JetStream's meta leader may still be
     * being elected (a client retries stream creation until it is).
     */
    public static List<NatsServer> startCluster(Path dir, int size) throws IOException {
        int[] clientPorts = new int[size];
        int[] routePorts = new int[size];
        for (int i = 0; i < size; i++) {
            clientPorts[i] = freePort();
            routePorts[i] = freePort();
        }
        StringBuilder routes = new StringBuilder();
        for (int i = 0; i < size; i++) {
            routes.append(i == 0 ? "" : ", ").append("nats-route://127.0.0.1:").append(routePorts[i]);
        }
        NatsServer[] nodes = new NatsServer[size];
        for (int i = 0; i < size; i++) {
            Path home = dir.resolve("n" + (i + 1));
            String config = "server_name: n" + (i + 1) + "\n"
                    + "listen: 127.0.0.1:" + clientPorts[i] + "\n"
                    + "jetstream { store_dir: \"" + home.resolve("store") + "\" }\n"
                    + "cluster { name: tickwire-test, listen: 127.0.0.1:" + routePorts[i]
                    + ", routes: [" + routes + "] }\n";
            nodes[i] = new NatsServer(home, config, clientPorts[i]);
        }
        for (NatsServer node : nodes) {
            node.spawn();
        }
        for (NatsServer node : nodes) {
            node.awaitReady();
        }
        return List.of(nodes);
    }

    /** The client URL, {@code nats://127.0.0.1:PORT}. */
    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** Everything the server logged since it was first started, restarts included. */
    public String log() {
        return log.toString();
    }

    /** The client port: the same across restarts. */
    public int port() {
        return port;
    }

    /** Kills the server with SIGKILL (no clean shutdown), and waits for the process to end. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts the server again on the same port and storage, after {@link #kill} or {@link #close}. */
    public void restart() throws IOException {
        spawn();
        awaitReady();
    }

    private void spawn() throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("nats.conf");
        Files.writeString(file, config);
        ProcessBuilder builder = new ProcessBuilder("nats-server", "-c", file.toString())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot start nats-server (is it installed? scripts/require-nats-server "
                    + "installs it): " + e.getMessage(), e);
        }
    }

    private void awaitReady() throws IOException {
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Process running = process;
        Thread.ofVirtual().name("nats-server-log").start(() -> {
            int listening = -1;
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(running.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    log.append(line).append('\n');
                    Matcher m = CLIENT_PORT.matcher(line);
                    if (m.find()) {
                        listening = Integer.parseInt(m.group(1));
                    }
                    if (READY.matcher(line).find()) {
                        ready.complete(listening);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            ready.completeExceptionally(new IOException("nats-server exited before it was ready:\n" + log()));
        });
        try {
            int listening = ready.get(30, TimeUnit.SECONDS);
            if (listening != port) {
                throw new IOException("nats-server listens on " + listening + ", not " + port);
            }
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            running.destroyForcibly();
            throw new IOException("nats-server not ready within 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while nats-server started", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }

    /** Stops the server (SIGKILL: the tests need no clean shutdown of it). */
    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
