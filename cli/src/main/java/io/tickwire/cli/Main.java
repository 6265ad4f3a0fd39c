package io.tickwire.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tickwire}: the command line of the runnable jar. Subcommands arrive with the issues
 * that build what they run; each one that is listed here works.
 */
@Command(name = "tickwire", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Real-time event platform for trading venues.",
        subcommands = {Main.Serve.class, CommandLine.HelpCommand.class})
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
            description = "Start the Tickwire server (WebSocket push, REST, matching, journal).")
    static final class Serve implements Callable<Integer> {

        @Option(names = "--port", defaultValue = "8080", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--data", defaultValue = "./data", description = "Data directory (default: ${DEFAULT-VALUE}).")
        String data;

        @Option(names = "--config", description = "YAML configuration file.")
        String config;

        @Option(names = "--demo", description = "Demo markets, funded users and a market simulator.")
        boolean demo;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.println("tickwire " + Version.version() + ": the server is not built yet.");
            out.println("This build contains the wire protocol (docs/protocol.md) and the module skeleton;");
            out.println("the trading core, the journal and the WebSocket gateway arrive with their own issues.");
            return 0;
        }
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
