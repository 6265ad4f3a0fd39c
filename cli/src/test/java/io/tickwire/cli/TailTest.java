package io.tickwire.cli;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.codec.JsonCodec;
import io.tickwire.engine.command.Command;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.OrderType;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.protocol.message.TimeInForce;
import io.tickwire.server.TestServers;
import io.tickwire.server.TickwireServer;
import io.tickwire.server.auth.Scope;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code tickwire tail} against a real server. */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // an end-to-end test that hangs fails instead
class TailTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CompletableFuture<Integer> tail(String... args) {
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        // A thread of its own: the JDK WebSocket completes its handshake on the common pool.
        Thread.ofPlatform().name("tail").start(() ->
                exit.complete(Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args)));
        return exit;
    }

    @Test
    void printsEventsAsNdjsonAndResumesFromACursor() throws Exception {
        try (TickwireServer server = TestServers.start(dir)) {
            long request = 1;
            for (long user : new long[] {1, 2}) {
                server.core().submit(new Command.Deposit(request++, user, "USDT", Decimal.parse("1000000")));
                server.core().submit(new Command.Deposit(request++, user, "BTC", Decimal.parse("100")));
            }
            String url = "ws://127.0.0.1:" + server.port() + "/ws";
            CompletableFuture<Integer> exit = tail("tail", "--url", url, "--topic", "trades.BTC-USDT", "--json",
                    "--count", "3");
            // Subscribed before the trades happen: the hub has a subscriber on the trades stream.
            await().atMost(Duration.ofSeconds(30)).until(() -> server.hub().activeStreams().get() >= 1);
            for (int i = 0; i < 3; i++) {
                server.core().submit(new Command.Place(request++, 2, "BTC-USDT", Side.SELL, OrderType.LIMIT,
                        TimeInForce.GTC, Decimal.parse("85000.00"), Decimal.parse("0.001"), null));
                server.core().submit(new Command.Place(request++, 1, "BTC-USDT", Side.BUY, OrderType.LIMIT,
                        TimeInForce.GTC, Decimal.parse("85000.00"), Decimal.parse("0.001"), null));
            }
            try {
                assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
            } catch (TimeoutException e) {
                throw new AssertionError("tail did not finish; out: " + out + " err: " + err, e);
            }
            List<String> lines = out.toString().lines().toList();
            assertThat(lines).hasSize(3);
            JsonCodec codec = new JsonCodec();
            List<StreamEvent> events = lines.stream().map(l -> (StreamEvent) codec.decodeServer(l).orThrow()).toList();
            assertThat(events).allSatisfy(e -> assertThat(e.data()).isInstanceOf(EventPayload.MarketTrade.class));
            assertThat(events.get(2).seq()).isEqualTo(events.get(0).seq() + 2);
            assertThat(err.toString()).contains("# connected");

            // From the first event's cursor: the next two, in readable form.
            out.getBuffer().setLength(0);
            int resumed = tail("tail", "--url", url, "--topic", "trades.BTC-USDT", "--since",
                    events.get(0).cursor().toString(), "--count", "2").get(20, TimeUnit.SECONDS);
            assertThat(resumed).isZero();
            List<String> readable = out.toString().lines().filter(l -> !l.startsWith("#")).toList();
            assertThat(readable).hasSize(2);
            assertThat(readable.get(0)).startsWith("market.trade  trades.BTC-USDT  " + events.get(1).cursor());
        }
    }

    @Test
    void badArgumentsAreOneLineErrors() throws Exception {
        assertThat(tail("tail", "--url", "http://x/ws", "--topic", "trades.BTC-USDT").get()).isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("ws:// or wss://").doesNotContain("at io.tickwire");
        assertThat(tail("tail", "--url", "ws://x/ws", "--topic", "no such/topic").get()).isEqualTo(Main.EXIT_USAGE);
        assertThat(tail("tail", "--url", "ws://x/ws", "--topic", "account", "--since", "abc").get())
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("--since must be EPOCH:SEQ");
    }

    @Test
    void exitsWithAMessageWhenEveryTopicIsRefused() throws Exception {
        try (TickwireServer server = TestServers.start(dir)) {
            String url = "ws://127.0.0.1:" + server.port() + "/ws";
            CompletableFuture<Integer> exit = tail("tail", "--url", url, "--topic", "book.NOPE-USDT", "--topic",
                    "account");
            assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(err.toString()).contains("book.NOPE-USDT was refused: unknown_topic")
                    .contains("account was refused: unauthorized").contains("every topic asked for was refused");
        }
    }

    @Test
    void aTokenComesFromAFileNeverFromArgv() throws Exception {
        try (TickwireServer server = TestServers.start(dir)) {
            Path file = dir.resolve("token.jwt");
            Files.writeString(file, server.tokens().issue(1001, EnumSet.of(Scope.READ), Duration.ofHours(1)) + "\n");
            String url = "ws://127.0.0.1:" + server.port() + "/ws";
            CompletableFuture<Integer> exit = tail("tail", "--url", url, "--topic", "account", "--token-file",
                    file.toString(), "--json", "--count", "1");
            assertThat(exit.get(30, TimeUnit.SECONDS)).as(err.toString()).isEqualTo(0);
            assertThat(out.toString()).contains("\"type\":\"account.snapshot\"");
        }
        Path notAToken = dir.resolve("secret.txt");
        Files.writeString(notAToken, "two words");
        assertThat(tail("tail", "--topic", "account", "--token-file", notAToken.toString()).get())
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(err.toString()).contains("must hold one token").doesNotContain("two words");
        assertThat(new picocli.CommandLine(new Main()).getSubcommands().get("tail").getCommandSpec()
                .findOption("--token").hidden()).as("--token is kept for scripts, not offered").isTrue();
    }

    @Test
    void theUrlDefaultsToTheLocalServer() {
        assertThat(new picocli.CommandLine(new Main()).getSubcommands().get("tail").getCommandSpec()
                .findOption("--url").defaultValue()).isEqualTo("ws://localhost:8080/ws");
    }
}
