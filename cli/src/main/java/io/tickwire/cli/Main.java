package io.tickwire.cli;

import io.tickwire.agent.AgentThreads;
import io.tickwire.journal.DirectoryLock;
import io.tickwire.journal.DirectoryLockedException;
import io.tickwire.nats.publish.JetStreamPublisher;
import io.tickwire.server.TickwireServer;
import io.tickwire.server.auth.Scope;
import io.tickwire.server.auth.TokenService;
import io.tickwire.server.config.ConfigException;
import io.tickwire.server.config.JetStreamConfig;
import io.tickwire.server.config.NodeKind;
import io.tickwire.server.config.ServerConfig;
import io.tickwire.server.node.BatchTap;
import io.tickwire.server.demo.DemoVenue;
import io.tickwire.server.frontdoor.FrontDoorBindException;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code tickwire}: the command line of the runnable jar. Subcommands arrive with the issues
 * that build what they run; each one that is listed here works.
 */
@Command(name = "tickwire", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Real-time event platform for trading venues.",
        subcommands = {Main.Serve.class, GatewayCommand.class, RelayCommand.class, Main.Token.class, Tail.class,
            Bench.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    /** Exit code for bad usage or bad configuration. */
    public static final int EXIT_USAGE = 2;

    /** Exit code when the data directory is in use or the address cannot be bound (sysexits' EX_UNAVAILABLE). */
    public static final int EXIT_UNAVAILABLE = 69;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(out);
        commandLine.setErr(err);
        // Bad input is reported in one line plus usage, never a stack trace.
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("tickwire: " + e.getMessage());
            return 1;
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return EXIT_USAGE;
    }

    /** {@code tickwire serve}: starts the server. */
    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Start the Tickwire server (WebSocket push, matching, journal).")
    static final class Serve implements Callable<Integer> {

        @CommandLine.Mixin
        HttpOptions http = new HttpOptions();

        @CommandLine.Mixin
        NatsOptions nats = new NatsOptions();

        @CommandLine.Mixin
        NodeOptions node = new NodeOptions();

        @Option(names = "--demo",
                description = "Fund demo users 1001 and 1002, print their tokens, and run a market simulator.")
        boolean demo;

        @Option(names = "--exit-after-start", hidden = true, description = "Start, print, shut down (tests).")
        boolean exitAfterStart;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ServerConfig settings;
            try {
                settings = node.load(NodeKind.SERVE, http.host);
            } catch (ConfigException e) {
                err.println("tickwire: configuration error: " + e.getMessage());
                return EXIT_USAGE;
            }
            JetStreamConfig jetStream;
            FrontDoorConfig frontDoor;
            try {
                jetStream = nats.resolve(settings.nats());
                frontDoor = http.over(settings.frontDoor());
            } catch (IllegalArgumentException e) {
                err.println("tickwire: " + e.getMessage());
                return EXIT_USAGE;
            }
            List<BatchTap> taps = jetStream == null ? List.of() : List.of(new JetStreamPublisher(jetStream));
            TickwireServer server;
            try {
                server = TickwireServer.start(settings.data(), settings.markets(), frontDoor, settings.core(), taps);
            } catch (DirectoryLockedException | FrontDoorBindException e) {
                err.println("tickwire: " + e.getMessage());
                return EXIT_UNAVAILABLE;
            }
            ServeUntilSignal until = new ServeUntilSignal(server);
            Path dataDir = settings.data();
            String scheme = settings.frontDoor().webSocketScheme();
            out.println("Tickwire " + Version.version() + " listening on " + scheme + "://" + server.host() + ":"
                    + server.port() + "/ws (data in " + dataDir.toAbsolutePath().normalize() + ")");
            out.println("markets: " + String.join(", ", settings.markets().markets().stream().map(m
                    -> m.name()).toList()));
            if (!demo) {
                out.println("console: " + consoleUrl(settings.frontDoor(), server.host(), server.port()));
            }
            if (jetStream != null) {
                out.println("publishing durable batches to JetStream stream " + jetStream.stream() + " on "
                        + jetStream.displayServers() + " (subject " + jetStream.subject() + ")");
                out.println(NatsOptions.describe(jetStream));
            }
            if (demo || server.createdSecret()) {
                // Only when nobody can have an admin token yet (a new data directory) or in the demo:
                // a production node's logs must not collect a fresh admin token at every restart.
                out.println("admin token (24h): " + server.tokens().issue(0, EnumSet.allOf(Scope.class),
                        Duration.ofHours(24)));
            } else {
                out.println("admin tokens: tickwire token --user 0 --scope \"read trade admin\" --data " + dataDir);
            }
            if (demo) {
                DemoVenue venue = DemoVenue.start(server.core(), exitAfterStart ? 0 : 20);
                server.onClosing(venue::close); // the simulator stops before the first connection closes
                out.println("market simulator: users 2001-2005, about 20 orders/s on every market");
                String userToken = null;
                for (long user : new long[] {1001, 1002}) {
                    String token = server.tokens().issue(user, EnumSet.of(Scope.READ, Scope.TRADE),
                            Duration.ofHours(24));
                    userToken = userToken == null ? token : userToken;
                    out.println("user " + user + " token (24h, read trade): " + token);
                }
                out.println("console (user 1001): " + consoleUrl(settings.frontDoor(), server.host(), server.port())
                        + "?token=" + userToken);
            }
            out.flush();
            if (exitAfterStart) {
                until.stopNow();
                return 0;
            }
            until.await();
            return 0;
        }
    }

    /**
     * The browser console's address on a node: http(s)://host:port/. A wildcard bind address is
     * shown as loopback, which a browser on the same machine can open.
     */
    static String consoleUrl(FrontDoorConfig frontDoor, String host, int port) {
        String shown = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        if (shown.contains(":")) {
            shown = "[" + shown + "]";
        }
        return (frontDoor.tls() == null ? "http" : "https") + "://" + shown + ":" + port + "/";
    }

    /**
     * Serves until SIGTERM or SIGINT, then shuts down cleanly and exits 0. The JVM turns those
     * signals into its shutdown, whose status is 143 or 130 whatever the hooks do; so the hook
     * closes the server (final snapshot, journal forced) and then ends the process with status 0
     * itself, as an operator's supervisor expects of a clean stop. A shutdown the program starts
     * itself (System.exit after {@link #stopNow}) is not a signal and keeps its own status.
     */
    static final class ServeUntilSignal {
        private static final Logger log = LoggerFactory.getLogger(ServeUntilSignal.class);
        private final AutoCloseable server;
        private final Thread hook;
        private final CountDownLatch stopped = new CountDownLatch(1);

        /** For {@code serve}, whose server logs its own shutdown. */
        ServeUntilSignal(AutoCloseable server) {
            this(server, null);
        }

        /**
         * For a node that does not log its shutdown itself: {@code what} ({@code gateway node},
         * {@code relay}) names it in the two lines logged around it.
         */
        ServeUntilSignal(AutoCloseable server, String what) {
            this.server = server;
            this.hook = AgentThreads.newThread("shutdown", false, () -> {
                if (what != null) {
                    log.info("shutting down the {}", what);
                }
                closeQuietly(server);
                if (what != null) {
                    log.info("{} shut down", what);
                }
                stopped.countDown();
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(0);
            }, e -> log.error("shutting down failed", e));
            Runtime.getRuntime().addShutdownHook(hook);
        }

        /** Blocks until a signal has shut the server down (the process then exits 0 from the hook). */
        void await() throws InterruptedException {
            stopped.await();
        }

        /** Shuts down now, without a signal. */
        void stopNow() {
            Runtime.getRuntime().removeShutdownHook(hook);
            closeQuietly(server);
        }

        private static void closeQuietly(AutoCloseable server) {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("tickwire: shutdown: " + e.getMessage());
            }
        }
    }

    /** {@code tickwire token}: prints a token signed with the server's secret. */
    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Print a token signed with the secret in the data directory.")
    static final class Token implements Callable<Integer> {

        @Option(names = "--user", required = true, description = "User id (digits).")
        long user;

        @Option(names = "--scope", defaultValue = "read",
                description = "Space-separated scopes: read trade admin (default: ${DEFAULT-VALUE}).")
        String scope;

        @Option(names = "--ttl", defaultValue = "24h",
                description = "Lifetime, e.g. 30m, 24h, 7d (default: ${DEFAULT-VALUE}).")
        String ttl;

        @Option(names = "--data", defaultValue = "./data", description = "Data directory (default: ${DEFAULT-VALUE}).")
        Path data;

        @Option(names = "--init", description = "Create the token secret if the data directory has none "
                + "(normally the server does, at its first start).")
        boolean init;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (user < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--user must be a non-negative id");
            }
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            for (String name : scope.trim().split("\\s+")) {
                Scope s = Scope.fromWire(name);
                if (s == null) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "unknown scope '" + name + "': use read, trade, admin");
                }
                scopes.add(s);
            }
            Duration lifetime = parseDuration(ttl, spec);
            TokenService tokens;
            try {
                tokens = init ? initialised(data) : TokenService.forDataDirectory(data);
            } catch (NoSuchFileException e) {
                spec.commandLine().getErr().println("tickwire: no token secret at " + e.getFile()
                        + ": is --data the server's data directory? (run from another folder, --data ./data is "
                        + "relative to it). To create a secret for a server not yet started, add --init.");
                return 1;
            } catch (DirectoryLockedException e) {
                spec.commandLine().getErr().println("tickwire: " + e.getMessage());
                return EXIT_UNAVAILABLE;
            }
            spec.commandLine().getOut().println(tokens.issue(user, scopes, lifetime));
            return 0;
        }

        /** The secret, created under the directory's lock when missing; an existing one is only read. */
        private static TokenService initialised(Path data) throws IOException {
            if (Files.exists(data.resolve(TokenService.SECRET_FILE))) {
                return TokenService.forDataDirectory(data);
            }
            try (DirectoryLock lock = DirectoryLock.acquire(data, "tickwire token --init")) {
                return TokenService.initDataDirectory(lock.directory());
            }
        }
    }

    static Duration parseDuration(String text, CommandLine.Model.CommandSpec spec) {
        Matcher m = Pattern.compile("([0-9]{1,9})([smhd])").matcher(text.trim());
        if (!m.matches()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--ttl must be a number and a unit s, m, h or d, e.g. 24h; was '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        if (n == 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--ttl must be longer than zero; was '" + text + "'");
        }
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** The version from the jar manifest, or "dev" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        static String version() {
            String version = Main.class.getPackage().getImplementationVersion();
            return version == null ? "dev" : version;
        }

        @Override
        public String[] getVersion() {
            return new String[] {"tickwire " + version(), "Java " + Runtime.version()};
        }
    }
}
