package io.tickwire.cli;

import io.tickwire.agent.ErrorHandler;
import io.tickwire.agent.AgentThreads;
import io.tickwire.client.ConnectionStatus;
import io.tickwire.client.ReconnectPolicy;
import io.tickwire.client.SessionEvent;
import io.tickwire.client.Subscription;
import io.tickwire.client.TickwireClient;
import io.tickwire.client.TickwireListener;
import io.tickwire.client.Update;
import io.tickwire.codec.JsonCodec;
import io.tickwire.protocol.message.Cursor;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.protocol.message.Topic;
import io.tickwire.protocol.message.TopicFormatException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tickwire tail}: prints a topic's events as they arrive, through the SDK, so it resumes
 * across reconnects like any client. Events go to standard output (readable lines, or NDJSON with
 * {@code --json}, one stream message per line exactly as the protocol has it); session events
 * (connected, reconnected, gaps, lag) go to standard error with {@code --json}, else inline
 * after {@code #}.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print a topic's events as they arrive; resumes across reconnects.")
final class Tail implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "ws://localhost:8080/ws",
            description = "WebSocket endpoint (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "A file holding a JWT for private topics (account), kept out of argv, where every user of"
                    + " the machine can read it.")
    Path tokenFile;

    @Option(names = "--token", paramLabel = "JWT", hidden = true,
            description = "Deprecated: the token itself, visible to every user in the process list; use --token-file.")
    String token;

    @Option(names = "--topic", required = true,
            description = "Topic, e.g. book.BTC-USDT, trades.BTC-USDT, account; repeatable.")
    List<String> topics = new ArrayList<>();

    @Option(names = "--since", description = "Resume after this cursor, EPOCH:SEQ (one topic only).")
    String since;

    @Option(names = "--json", description = "One JSON message per line (NDJSON) instead of readable lines.")
    boolean json;

    @Option(names = "--count", description = "Exit after this many events (default: run until Ctrl-C).")
    long count = Long.MAX_VALUE;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final JsonCodec codec = new JsonCodec();

    @Override
    @SuppressWarnings("try") // the shutdown hook closes the client from its own thread, to say goodbye on Ctrl-C
    public Integer call() throws Exception {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--url is not a URI: " + url);
        }
        List<Topic> parsed = new ArrayList<>();
        for (String name : topics) {
            try {
                parsed.add(Topic.parse(name));
            } catch (TopicFormatException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--topic " + e.getMessage());
            }
        }
        Cursor from = since == null ? null : cursor(since);
        if (from != null && parsed.size() != 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--since takes exactly one --topic");
        }
        if (count < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--count must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter sessionOut = json ? err : out;
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong printed = new AtomicLong();
        TickwireClient.Builder builder;
        try {
            builder = TickwireClient.builder().uri(uri)
                    .reconnect(ReconnectPolicy.exponential(Duration.ofMillis(500),
                            Duration.ofSeconds(30)).fullJitter())
                    .listener(new TickwireListener() {
                        @Override
                        public void onSessionEvent(SessionEvent event) {
                            synchronized (out) {
                                sessionOut.println("# " + describe(event));
                                sessionOut.flush();
                            }
                        }
                    });
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--url " + e.getMessage());
        }
        if (token != null && tokenFile != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --token-file or --token, not both");
        }
        if (tokenFile != null) {
            try {
                builder.token(TokenFile.read(tokenFile));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        } else if (token != null) {
            builder.token(token);
        }
        try (TickwireClient client = builder.build()) {
            // Ctrl-C: say goodbye to the server (a close frame) before the JVM halts.
            Thread hook = AgentThreads.newThread("tail-exit", false, () -> {
                done.countDown();
                client.close();
            }, ErrorHandler.logging("closing the tail"));
            Runtime.getRuntime().addShutdownHook(hook);
            client.connect(); // subscriptions made below wait for it
            List<Subscription> subscriptions = new ArrayList<>();
            for (Topic topic : parsed) {
                subscriptions.add(client.subscribe(topic, from, update -> {
                    synchronized (out) {
                        if (printed.get() >= count) {
                            return;
                        }
                        print(out, update);
                        out.flush();
                        if (update instanceof Update.Event && printed.incrementAndGet() >= count) {
                            done.countDown();
                        }
                    }
                }));
            }
            while (!done.await(200, TimeUnit.MILLISECONDS)) {
                if (client.connectionState().status() == ConnectionStatus.CLOSED) {
                    return 1; // refused for good (a bad token): the session event said why
                }
                if (subscriptions.stream().allMatch(s -> s.refusal().isPresent())) {
                    for (Subscription s : subscriptions) {
                        err.println("tickwire: " + s.topic().name() + " was refused: " + s.refusal().orElseThrow());
                    }
                    err.println("tickwire: every topic asked for was refused; nothing to tail");
                    err.flush();
                    return 1;
                }
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException exiting) {
                // Ctrl-C: the JVM is shutting down; closing the client below is all that is left
            }
        }
        return 0;
    }

    private void print(PrintWriter out, Update update) {
        switch (update) {
            case Update.Event e -> {
                if (json) {
                    out.println(new String(codec.encode(new StreamEvent(e.topic(), e.epoch(), e.seq(), e.ts(),
                            e.data())),
                            StandardCharsets.UTF_8));
                } else {
                    out.println(e.type() + "  " + e.topic().name() + "  " + e.cursor() + "  "
                            + Instant.ofEpochMilli(e.ts()) + "  " + new String(codec.encodeData(e.data()),
                                    StandardCharsets.UTF_8));
                }
            }
            case Update.Gap g -> {
                if (json) {
                    out.println(new String(codec.encode(new ServerMessage.Gap(g.topic(), g.epoch(), g.fromSeq(),
                            g.toSeq(),
                            g.reason())), StandardCharsets.UTF_8));
                } else {
                    out.println("gap  " + g.topic().name() + "  events " + g.fromSeq() + ".." + g.toSeq()
                            + " of epoch " + g.epoch() + " are gone (" + g.reason().wire() + "); a snapshot follows");
                }
            }
        }
    }

    private static String describe(SessionEvent event) {
        return switch (event) {
            case SessionEvent.Connected c -> "connected";
            case SessionEvent.Disconnected d -> "disconnected (" + (d.code() < 0 ? "" : d.code() + " ") + d.reason()
                    + "); retrying in " + d.retryInMs() + " ms";
            case SessionEvent.Reconnected r -> "reconnected after " + r.gapMs() + " ms; resuming";
            case SessionEvent.Lagged l -> "lagged on " + l.topic().name() + ": " + l.dropped() + " updates ("
                    + l.firstSeq() + ".." + l.lastSeq() + ") dropped, resyncing";
            case SessionEvent.BookInvalidated b -> "book " + b.market() + " invalid (" + b.reason() + "), resyncing";
            case SessionEvent.Gap g -> "gap on " + g.topic().name() + ": " + g.fromSeq() + ".." + g.toSeq() + " ("
                    + g.reason().wire() + ")";
            case SessionEvent.Error e -> "error: " + e.message();
            case SessionEvent.Notice n -> "notice " + n.code() + ": " + n.message();
        };
    }

    private Cursor cursor(String text) {
        int colon = text.lastIndexOf(':');
        try {
            if (colon <= 0) {
                throw new IllegalArgumentException("expected EPOCH:SEQ");
            }
            return new Cursor(text.substring(0, colon), Long.parseLong(text.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--since must be EPOCH:SEQ, e.g. 7f3a9c:1234; was '" + text + "' (" + e.getMessage() + ")");
        }
    }
}
