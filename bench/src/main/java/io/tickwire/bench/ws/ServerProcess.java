package io.tickwire.bench.ws;

import io.tickwire.agent.ErrorHandler;
import io.tickwire.agent.AgentThreads;
import io.tickwire.bench.load.LatencyRun;
import io.tickwire.server.auth.Scope;
import io.tickwire.server.auth.TokenService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A {@link BenchServer} in a child JVM (same JDK, same class path): its port, its {@code /proc}
 * readings, and its commands. Closing it stops the child (forcibly if it does not stop in 10 s)
 * and deletes its data directory.
 */
public final class ServerProcess implements AutoCloseable {
    /**
     * JVM options of the server unless told otherwise: a fixed heap, touched at start, so that the
     * resident size grows only with native memory (see {@link IdleScenario}).
     */
    public static final String DEFAULT_JVM = "-Xms2g -Xmx2g -XX:+AlwaysPreTouch";
    /** System property of the server process: its event loops (0: Netty's default), Tickwire's and the ceiling's. */
    public static final String IO_THREADS_PROPERTY = "tickwire.bench.ioThreads";

    public static final List<String> DEFAULT_JVM_OPTIONS = List.of(DEFAULT_JVM.split(" "));

    /** What runs in the child. */
    public enum Target {
        TICKWIRE, CEILING, GATEWAY, RELAY;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Target target;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    /** The child's last lines of other output, to explain a failure. */
    private final Deque<String> log = new ArrayDeque<>();
    private final Path dataDir;
    private final Path stampFile;
    private final StampBoard stamps;
    private final int port;
    private TokenService tokens;

    private ServerProcess(Target target, Process process, Path dataDir, Path stampFile, StampBoard stamps)
            throws IOException {
        this.target = target;
        this.process = process;
        this.dataDir = dataDir;
        this.stampFile = stampFile;
        this.stamps = stamps;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        AgentThreads.newThread("bench-server-output", true, this::readOutput,
                ErrorHandler.logging("reading the bench server's output")).start();
        String first = await(Duration.ofSeconds(60));
        if (!first.startsWith("port ")) {
            throw new IOException("the bench server did not start: " + first);
        }
        port = Integer.parseInt(first.substring(5));
    }

    /** Starts {@code target} with room for {@code maxConnections} connections and these JVM options. */
    public static ServerProcess start(Target target, int maxConnections, List<String> jvmOptions) throws IOException {
        return switch (target) {
            case TICKWIRE -> launch(target, jvmOptions, BenchServer.class, dir -> List.of("tickwire", dir.toString(),
                    Integer.toString(maxConnections)));
            case CEILING -> launch(target, jvmOptions, BenchServer.class, dir -> List.of("ceiling"));
            case GATEWAY -> throw new IllegalArgumentException("a gateway node starts with startGateway");
            case RELAY -> throw new IllegalArgumentException("a relay node starts with startRelay");
        };
    }

    /** A Tickwire core that publishes to the JetStream stream {@code stream} on {@code natsUrl}. */
    public static ServerProcess startCore(int maxConnections, List<String> jvmOptions, String natsUrl, String stream)
            throws IOException {
        return launch(Target.TICKWIRE, jvmOptions, BenchServer.class, dir -> List.of("tickwire", dir.toString(),
                Integer.toString(maxConnections), natsUrl, stream));
    }

    /** A gateway node fed by {@code core}'s stream, verifying its tokens. */
    public static ServerProcess startGateway(ServerProcess core, int maxConnections, List<String> jvmOptions,
                                             String natsUrl, String stream) throws IOException {
        Path secret = core.dataDir.resolve(TokenService.SECRET_FILE);
        return launch(Target.GATEWAY, jvmOptions, BenchGateway.class, dir -> List.of(natsUrl, stream, dir.toString(),
                secret.toString(), Integer.toString(maxConnections)));
    }

    /** A relay node following {@code core} over WebSocket. */
    public static ServerProcess startRelay(ServerProcess core, int maxConnections, List<String> jvmOptions)
            throws IOException {
        return launch(Target.RELAY, jvmOptions, BenchRelay.class, dir -> List.of("ws://127.0.0.1:" + core.port()
                + "/ws", dir.toString(), Integer.toString(maxConnections)));
    }

    private static ServerProcess launch(Target target, List<String> jvmOptions, Class<?> main,
                                        Function<Path, List<String>> args) throws IOException {
        Path dataDir = Files.createTempDirectory("tickwire-bench");
        Path shm = Path.of("/dev/shm");
        Path stampFile = Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempFile(shm, "tickwire-bench-stamps", ".bin")
                : Files.createTempFile("tickwire-bench-stamps", ".bin");
        StampBoard stamps = StampBoard.open(stampFile);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 23) {
            // Netty 4.2 leaves Unsafe alone on JDK 24+ unless allowed, as ./tickwire allows it.
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(jvmOptions);
        command.add("-D" + StampBoard.PROPERTY + "=" + stampFile);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args.apply(dataDir));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            return new ServerProcess(target, process, dataDir, stampFile, stamps);
        } catch (IOException | RuntimeException e) {
            try {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // it may still write there
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            LatencyRun.deleteTree(dataDir);
            stamps.close();
            Files.deleteIfExists(stampFile);
            throw e;
        }
    }

    /** Starts with {@link #DEFAULT_JVM_OPTIONS}. */
    public static ServerProcess start(Target target, int maxConnections) throws IOException {
        return start(target, maxConnections, DEFAULT_JVM_OPTIONS);
    }

    private void readOutput() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(BenchServer.ANSWER)) {
                    answers.add(line.substring(BenchServer.ANSWER.length()));
                } else {
                    synchronized (log) {
                        log.addLast(line);
                        if (log.size() > 40) {
                            log.removeFirst();
                        }
                    }
                }
            }
        } catch (IOException ignored) {
            // the child is gone
        }
    }

    private String await(Duration timeout) throws IOException {
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                String answer = answers.poll(100, TimeUnit.MILLISECONDS);
                if (answer != null) {
                    if (answer.startsWith("error")) {
                        throw new IOException("bench server: " + answer + "\n" + recentOutput());
                    }
                    return answer;
                }
                if (!process.isAlive() && answers.isEmpty()) {
                    throw new IOException("the bench server exited with " + process.exitValue() + ":\n"
                            + recentOutput());
                }
            }
            throw new IOException("no answer from the bench server in " + timeout + "\n" + recentOutput());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private String recentOutput() {
        synchronized (log) {
            return String.join("\n", log);
        }
    }

    /** Sends one command and returns its answer (without the prefix). */
    public String call(String command, Duration timeout) throws IOException {
        answers.clear(); // a late answer to an earlier call that timed out is not this one's
        stdin.write(command + "\n");
        stdin.flush();
        return await(timeout);
    }

    public Target target() {
        return target;
    }

    public int port() {
        return port;
    }

    /** The WebSocket endpoint of the server. */
    public URI uri() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    /** When the server made each event of the benchmarked stream, shared with this process. */
    StampBoard stamps() {
        return stamps;
    }

    public long pid() {
        return process.pid();
    }

    /** Resident memory and CPU time of the server, now. */
    public ProcStats stats() {
        return ProcStats.of(process.pid());
    }

    /** Heap in use after a full collection and direct memory in use, in bytes. */
    public long[] memory() throws IOException {
        String[] words = call("mem", Duration.ofSeconds(60)).split(" ");
        return new long[] {Long.parseLong(words[1]), Long.parseLong(words[2])};
    }

    /** A token for {@code userId} to read and trade, signed with the server's secret. */
    public synchronized String token(long userId) throws IOException {
        if (target != Target.TICKWIRE) {
            throw new IllegalStateException("the ceiling has no tokens");
        }
        if (tokens == null) {
            tokens = TokenService.forDataDirectory(dataDir); // the secret the child made at start
        }
        return tokens.issue(userId, EnumSet.of(Scope.READ, Scope.TRADE), Duration.ofHours(2));
    }

    @Override
    public void close() throws IOException {
        try {
            if (process.isAlive()) {
                try {
                    call("quit", Duration.ofSeconds(10));
                } catch (IOException e) {
                    // it is stopped below either way
                }
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            LatencyRun.deleteTree(dataDir);
            stamps.close();
            Files.deleteIfExists(stampFile);
        }
    }
}
