package io.tickwire.cli;

import io.tickwire.bench.ws.FanoutScenario;
import io.tickwire.bench.ws.IdleScenario;
import io.tickwire.bench.ws.OrdersScenario;
import io.tickwire.bench.ws.Report;
import io.tickwire.bench.ws.ResumeScenario;
import io.tickwire.bench.ws.ServerProcess;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code tickwire bench <scenario>}: the WebSocket load generator. Each scenario starts the
 * server (and, for {@code fanout} and {@code idle}, the bare Netty ceiling) in a child JVM, drives
 * it from this one, prints one table and writes it as JSON and Markdown. Every scenario ends by
 * itself and stops what it started. See docs/performance.md for what each figure means.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the server under load, next to a bare Netty WebSocket server (the ceiling).",
        subcommands = {Bench.Fanout.class, Bench.Orders.class, Bench.Idle.class, Bench.Resume.class})
final class Bench implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Main.EXIT_USAGE;
    }

    /** Options every scenario takes. */
    static final class Common {
        @Option(names = "--out", defaultValue = "bench/results",
                description = "Directory for the JSON and Markdown results (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--client-threads", defaultValue = "2",
                description = "I/O threads of the load clients (default: ${DEFAULT-VALUE}).")
        int clientThreads;

        @Option(names = "--server-jvm", split = " ", defaultValue = ServerProcess.DEFAULT_JVM,
                description = "JVM options of the server process (default: ${DEFAULT-VALUE}).")
        List<String> serverJvm;

        @Option(names = "--server-io-threads", defaultValue = "0",
                description = "Event loops of the server, Tickwire's and the ceiling's alike "
                        + "(default: ${DEFAULT-VALUE}, Netty's default: twice the cores).")
        int serverIoThreads;

        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec spec;

        /** The server's JVM options, with the event-loop count for the child to read. */
        List<String> serverJvm() {
            if (serverIoThreads < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--server-io-threads must be 0 or more");
            }
            List<String> options = new ArrayList<>(serverJvm);
            options.add("-D" + ServerProcess.IO_THREADS_PROPERTY + "=" + serverIoThreads);
            return options;
        }

        int print(Report report) throws Exception {
            PrintWriter printer = spec.commandLine().getOut();
            printer.print(report.markdown());
            printer.println("written: " + report.write(out));
            printer.flush();
            return 0;
        }

    }

    @Command(name = "fanout", mixinStandardHelpOptions = true,
            description = "One market, N subscribers to its book, book events at a fixed rate: messages delivered "
                    + "per second and latency, Tickwire and the ceiling.")
    static final class Fanout implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--subscribers", defaultValue = "1000",
                description = "Subscribers (default: ${DEFAULT-VALUE}).")
        int subscribers;

        @Option(names = "--rate", defaultValue = "100",
                description = "Book events per second (default: ${DEFAULT-VALUE}).")
        int rate;

        @Option(names = "--seconds", defaultValue = "10", description = "Measured seconds (default: ${DEFAULT-VALUE}).")
        double seconds;

        @Option(names = "--warmup", defaultValue = "3", description = "Warm-up seconds (default: ${DEFAULT-VALUE}).")
        double warmup;

        @Option(names = "--gateways", defaultValue = "0",
                description = "Also run through this many gateway nodes fed by a core over NATS JetStream, the "
                        + "subscribers spread over them (needs --nats; default: ${DEFAULT-VALUE}).")
        int gateways;

        @Option(names = "--relays", defaultValue = "0",
                description = "Also run through this many relay nodes following a core over WebSocket, the "
                        + "subscribers spread over them (default: ${DEFAULT-VALUE}).")
        int relays;

        @Option(names = "--nats", paramLabel = "nats://HOST:PORT",
                description = "A running nats-server with JetStream for --gateways (each run makes its own stream).")
        String nats;

        @Override
        public Integer call() throws Exception {
            FanoutScenario.FanoutLoad load;
            try {
                load = new FanoutScenario.FanoutLoad(subscribers, rate, seconds, warmup, common.clientThreads,
                        common.serverJvm(), nats, gateways, relays);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(common.spec.commandLine(), e.getMessage());
            }
            return common.print(FanoutScenario.run(load));
        }
    }

    @Command(name = "orders", mixinStandardHelpOptions = true,
            description = "order.place to receipt and to order.update, at fixed rates (0: saturation), journal with"
                    + " fsync.")
    static final class Orders implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--connections", defaultValue = "50",
                description = "Connections, one user each (default: ${DEFAULT-VALUE}).")
        int connections;

        @Option(names = "--rate", split = ",", defaultValue = "1000,10000,50000,0",
                description = "Orders per second, one run each; 0 is saturation (default: ${DEFAULT-VALUE}).")
        List<Integer> rates;

        @Option(names = "--seconds", defaultValue = "10",
                description = "Measured seconds per rate (default: ${DEFAULT-VALUE}).")
        double seconds;

        @Option(names = "--warmup", defaultValue = "5",
                description = "Warm-up seconds at 3,000 orders/s, once, before the first rate (default:"
                        + " ${DEFAULT-VALUE}).")
        double warmup;

        @Override
        public Integer call() throws Exception {
            return common.print(OrdersScenario.run(new OrdersScenario.OrdersLoad(connections, rates, seconds, warmup,
                    common.clientThreads, common.serverJvm())));
        }
    }

    @Command(name = "idle", mixinStandardHelpOptions = true,
            description = "N idle authenticated connections: server memory per connection, Tickwire and the ceiling.")
    static final class Idle implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--connections", defaultValue = "10000",
                description = "Connections (default: ${DEFAULT-VALUE}).")
        int connections;

        @Option(names = "--settle", defaultValue = "3",
                description = "Seconds to wait before reading memory (default: ${DEFAULT-VALUE}).")
        double settle;

        @Override
        public Integer call() throws Exception {
            return common.print(IdleScenario.run(new IdleScenario.IdleLoad(connections, settle, common.clientThreads,
                    common.serverJvm())));
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "N clients drop at once, miss M book events and resume at once: time until all caught up, "
                    + "and that none lost or repeated an event.")
    static final class Resume implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--clients", defaultValue = "1000", description = "Clients (default: ${DEFAULT-VALUE}).")
        int clients;

        @Option(names = "--missed", defaultValue = "1000",
                description = "Events each client misses (default: ${DEFAULT-VALUE}).")
        int missed;

        @Override
        public Integer call() throws Exception {
            return common.print(ResumeScenario.run(new ResumeScenario.ResumeLoad(clients, missed, common.clientThreads,
                    common.serverJvm())));
        }
    }
}
