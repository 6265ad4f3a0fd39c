package io.tickwire.cli;

import io.tickwire.server.TickwireServer;
import io.tickwire.server.auth.Scope;
import io.tickwire.server.auth.TokenService;
import io.tickwire.server.config.ConfigException;
import io.tickwire.server.config.ServerConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tickwire}: the command line of the runnable jar. Subcommands arrive with the issues
 * that build what they run; each one that is listed here works.
 */
@Command(name = "tickwire", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Real-time event platform for trading venues.",
        subcommands = {Main.Serve.class, Main.Token.class, Tail.class, Bench.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    /** Exit code for bad usage or bad configuration. */
    public static final int EXIT_USAGE = 2;

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

        @Option(names = "--port", description = "Port to listen on (default: the config's, else 8080).")
        Integer port;

        @Option(names = "--data", description = "Data directory (default: the config's, else ./data).")
        Path data;

        @Option(names = "--config", description = "YAML configuration file (see docs/server.md).")
        Path config;

        @Option(names = "--demo", description = "Fund demo users 1001 and 1002, print their tokens, and run a market simulator.")
        boolean demo;

        @Option(names = "--exit-after-start", hidden = true, description = "Start, print, shut down (tests).")
        boolean exitAfterStart;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            ServerConfig settings;
            try {
                settings = config != null ? ServerConfig.load(config, port, data) : ServerConfig.from(null, port, data);
            } catch (ConfigException e) {
                spec.commandLine().getErr().println("tickwire: configuration error: " + e.getMessage());
                return EXIT_USAGE;
            }
            TickwireServer server = TickwireServer.start(settings.data(), settings.markets(), settings.gateway(),
                    settings.core());
            Path dataDir = settings.data();
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "tickwire-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            out.println("Tickwire " + Version.version() + " listening on ws://localhost:" + server.port()
                    + "/ws (data in " + dataDir.toAbsolutePath().normalize() + ")");
            out.println("markets: " + String.join(", ", settings.markets().markets().stream().map(m -> m.name()).toList()));
            out.println("admin token (24h): " + server.tokens().issue(0, EnumSet.allOf(Scope.class), Duration.ofHours(24)));
            if (demo) {
                server.startDemo(exitAfterStart ? 0 : 20);
                out.println("market simulator: users 2001-2005, about 20 orders/s on every market");
                for (long user : new long[] {1001, 1002}) {
                    out.println("user " + user + " token (24h, read trade): "
                            + server.tokens().issue(user, EnumSet.of(Scope.READ, Scope.TRADE), Duration.ofHours(24)));
                }
            }
            out.flush();
            if (exitAfterStart) {
                Runtime.getRuntime().removeShutdownHook(hook);
                server.close();
                return 0;
            }
            stopped.await();
            return 0;
        }
    }

    /** {@code tickwire token}: prints a token signed with the server's secret. */
    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Print a token signed with the secret in the data directory.")
    static final class Token implements Callable<Integer> {

        @Option(names = "--user", required = true, description = "User id (digits).")
        long user;

        @Option(names = "--scope", defaultValue = "read", description = "Space-separated scopes: read trade admin (default: ${DEFAULT-VALUE}).")
        String scope;

        @Option(names = "--ttl", defaultValue = "24h", description = "Lifetime, e.g. 30m, 24h, 7d (default: ${DEFAULT-VALUE}).")
        String ttl;

        @Option(names = "--data", defaultValue = "./data", description = "Data directory (default: ${DEFAULT-VALUE}).")
        Path data;

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
            spec.commandLine().getOut().println(TokenService.forDataDirectory(data).issue(user, scopes, lifetime));
            return 0;
        }
    }

    static Duration parseDuration(String text, CommandLine.Model.CommandSpec spec) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,9})([smhd])").matcher(text.trim());
        if (!m.matches()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--ttl must be a number and a unit s, m, h or d, e.g. 24h; was '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
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
