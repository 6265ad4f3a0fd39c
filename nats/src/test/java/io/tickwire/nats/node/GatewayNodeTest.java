package io.tickwire.nats.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tickwire.nats.publish.JetStreamPublisher;
import io.tickwire.protocol.message.ErrorCode;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.ReceiptStatus;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.server.TestVenue;
import io.tickwire.server.auth.Scope;
import io.tickwire.server.auth.TokenService;
import io.tickwire.server.config.JetStreamConfig;
import io.tickwire.server.frontdoor.FrontDoorConfig;
import io.tickwire.testkit.nats.NatsServer;
import io.tickwire.testkit.ws.WsTestClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * NATS, a core and two gateway nodes on loopback: clients of each gateway receive every event of a
 * book and of an account, dense, with the same epoch, seqs and data as a client of the core; REST
 * reads on a gateway agree with the core after each batch; an order through a gateway gets its ack,
 * its receipt and its events there, and its events reach the other gateway and the core with the
 * same seq.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class GatewayNodeTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private static WsTestClient subscribed(int port, String token, String... topics) throws Exception {
        WsTestClient client = WsTestClient.connect(port, token);
        client.await(ServerMessage.AuthOk.class);
        for (String topic : topics) {
            client.send("{\"type\":\"subscribe\",\"topic\":\"" + topic + "\"}");
            client.await(m -> m instanceof ServerMessage.Subscribed s && s.topic().name().equals(topic));
        }
        return client;
    }

    /**
     * The events of {@code topic} a client received after seq {@code from} up to seq {@code head},
     * as "epoch seq data" (the snapshot each got at subscribe time is left out: it may be at another seq).
     */
    private static List<String> events(WsTestClient client, String topic, long from, long head) throws Exception {
        List<String> out = new ArrayList<>();
        long seq = 0;
        while (seq < head) {
            StreamEvent e = client.await(m -> m instanceof StreamEvent s && s.topic().name().equals(topic));
            seq = e.seq();
            if (seq > from) {
                out.add(e.epoch() + " " + e.seq() + " " + e.data());
            }
        }
        return out;
    }

    /** Every REST read answers the same on both gateways as on the core. */
    private static void assertRestAgrees(TestVenue venue, String token, GatewayNode one, GatewayNode two)
            throws Exception {
        for (String path : new String[] {"/api/v1/markets", "/api/v1/book/BTC-USDT", "/api/v1/trades/BTC-USDT",
            "/api/v1/balances", "/api/v1/orders", "/events/trades.BTC-USDT?since=0&limit=20"}) {
            String expected = get(venue.port(), path, token);
            assertThat(get(one.port(), path, token)).as(path).isEqualTo(expected);
            assertThat(get(two.port(), path, token)).as(path).isEqualTo(expected);
        }
    }

    private static boolean isUpdateOf(ServerMessage m, long orderId) {
        return m instanceof StreamEvent e && e.data() instanceof EventPayload.OrderUpdate u
                && u.order().orderId() == orderId;
    }

    private static String get(int port, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void gatewaysServeTheCoresStreamsWithTheSameEpochsSeqsAndData() throws Exception {
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"))) {
            JetStreamConfig config = JetStreamConfig.defaults(nats.url(), "TICKWIRE");
            Path coreDir = dir.resolve("core");
            try (TestVenue venue = new TestVenue(coreDir, FrontDoorConfig.defaults(0),
                    List.of(new JetStreamPublisher(config)))) {
                for (int i = 0; i < 10; i++) {
                    venue.trade(i);
                }
                venue.barrier();
                Path secret = coreDir.resolve(TokenService.SECRET_FILE);
                try (GatewayNode one = GatewayNode.start(config, FrontDoorConfig.defaults(0), dir.resolve("g1"), secret,
                        10_000);
                     GatewayNode two = GatewayNode.start(config, FrontDoorConfig.defaults(0), dir.resolve("g2"), secret,
                             10_000)) {
                    String token = venue.token(TestVenue.BUYER);
                    String account = TestVenue.account(TestVenue.BUYER);
                    long first = venue.server().core().journal().lastBatch();
                    await().atMost(WAIT).until(() -> one.lastBatch() >= first && two.lastBatch() >= first);
                    long bookFrom = venue.head("book.BTC-USDT");
                    long tradesFrom = venue.head("trades.BTC-USDT");
                    long accountFrom = venue.head(account);
                    String[] topics = {"book.BTC-USDT", "trades.BTC-USDT", "account"};
                    try (WsTestClient onCore = subscribed(venue.port(), token, topics);
                         WsTestClient onOne = subscribed(one.port(), token, topics);
                         WsTestClient onTwo = subscribed(two.port(), token, topics)) {
                        for (int i = 0; i < 40; i++) {
                            venue.trade(i);
                        }
                        venue.barrier();
                        long bookHead = venue.head("book.BTC-USDT");
                        long tradesHead = venue.head("trades.BTC-USDT");
                        long accountHead = venue.head(account);
                        long last = venue.server().core().journal().lastBatch();
                        await().atMost(WAIT).until(() -> one.lastBatch() >= last && two.lastBatch() >= last);

                        List<String> coreBook = events(onCore, "book.BTC-USDT", bookFrom, bookHead);
                        assertThat(coreBook).hasSize((int) (bookHead - bookFrom));
                        assertThat(events(onOne, "book.BTC-USDT", bookFrom, bookHead)).isEqualTo(coreBook);
                        assertThat(events(onTwo, "book.BTC-USDT", bookFrom, bookHead)).isEqualTo(coreBook);
                        List<String> coreTrades = events(onCore, "trades.BTC-USDT", tradesFrom, tradesHead);
                        assertThat(coreTrades).hasSize((int) (tradesHead - tradesFrom)).hasSizeGreaterThan(30);
                        assertThat(events(onOne, "trades.BTC-USDT", tradesFrom, tradesHead)).isEqualTo(coreTrades);
                        assertThat(events(onTwo, "trades.BTC-USDT", tradesFrom, tradesHead)).isEqualTo(coreTrades);
                        List<String> coreAccount = events(onCore, "account", accountFrom, accountHead);
                        assertThat(coreAccount).hasSize((int) (accountHead - accountFrom));
                        assertThat(events(onOne, "account", accountFrom, accountHead)).isEqualTo(coreAccount);
                        assertThat(events(onTwo, "account", accountFrom, accountHead)).isEqualTo(coreAccount);

                        assertRestAgrees(venue, token, one, two);
                        for (int i = 0; i < 5; i++) { // and after each of five more batches
                            venue.trade(i);
                            venue.barrier();
                            long now = venue.server().core().journal().lastBatch();
                            await().atMost(WAIT).until(() -> one.lastBatch() >= now && two.lastBatch() >= now);
                            assertRestAgrees(venue, token, one, two);
                        }

                        // An order through gateway 1: ack, receipt, then its order.update there, on gateway 2
                        // and on the core, with the same seq.
                        onOne.send("{\"type\":\"order.place\",\"id\":7,\"market\":\"BTC-USDT\",\"side\":\"buy\","
                                + "\"order_type\":\"limit\",\"tif\":\"gtc\",\"price\":\"100.00\",\"qty\":\"0.001\","
                                + "\"client_order_id\":\"via-g1\"}");
                        ServerMessage.Ack ack = onOne.await(ServerMessage.Ack.class);
                        assertThat(ack.id()).isEqualTo(7L);
                        ServerMessage.Receipt receipt = onOne.await(ServerMessage.Receipt.class);
                        assertThat(receipt.status()).isEqualTo(ReceiptStatus.ACCEPTED);
                        assertThat(receipt.requestId()).isEqualTo(ack.requestId());
                        int ackAt = onOne.seen().indexOf(ack);
                        assertThat(ackAt).as("ack before receipt").isLessThan(onOne.seen().indexOf(receipt));
                        long orderId = receipt.orderId();
                        StreamEvent onG1 = onOne.await(m -> isUpdateOf(m, orderId));
                        StreamEvent onG2 = onTwo.await(m -> isUpdateOf(m, orderId));
                        StreamEvent onC = onCore.await(m -> isUpdateOf(m, orderId));
                        assertThat(onG1.seq()).isEqualTo(onG2.seq()).isEqualTo(onC.seq());
                        assertThat(onG1.data()).isEqualTo(onG2.data()).isEqualTo(onC.data());

                        // Over REST on gateway 2: the answer is the receipt.
                        HttpRequest cancel = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + two.port()
                                        + "/api/v1/orders/" + orderId))
                                .header("Authorization", "Bearer " + token).DELETE().build();
                        HttpResponse<String> canceled = HTTP.send(cancel, HttpResponse.BodyHandlers.ofString());
                        assertThat(canceled.statusCode()).isEqualTo(200);
                        assertThat(canceled.body()).contains("\"status\":\"accepted\"", "\"order_id\":" + orderId);
                    }
                }
            }
        }
    }

    @Test
    void aCursorFromTheCoreResumesOnAGateway() throws Exception {
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"))) {
            JetStreamConfig config = JetStreamConfig.defaults(nats.url(), "TICKWIRE");
            Path coreDir = dir.resolve("core");
            try (TestVenue venue = new TestVenue(coreDir, FrontDoorConfig.defaults(0),
                    List.of(new JetStreamPublisher(config)));
                 GatewayNode node = GatewayNode.start(config, FrontDoorConfig.defaults(0), dir.resolve("g1"),
                         coreDir.resolve(TokenService.SECRET_FILE), 10_000)) {
                String token = venue.token(TestVenue.BUYER);
                long cursor;
                String epoch;
                try (WsTestClient onCore = subscribed(venue.port(), token, "trades.BTC-USDT")) {
                    for (int i = 0; i < 5; i++) {
                        venue.trade(i);
                    }
                    venue.barrier();
                    StreamEvent seen = null;
                    while (seen == null || seen.seq() < venue.head("trades.BTC-USDT")) {
                        seen = onCore.await(m -> m instanceof StreamEvent);
                    }
                    cursor = seen.seq();
                    epoch = seen.epoch();
                }
                for (int i = 0; i < 5; i++) {
                    venue.trade(i);
                }
                venue.barrier();
                long head = venue.head("trades.BTC-USDT");
                long last = venue.server().core().journal().lastBatch();
                await().atMost(WAIT).until(() -> node.lastBatch() >= last);
                try (WsTestClient onNode = WsTestClient.connect(node.port(), token)) {
                    onNode.await(ServerMessage.AuthOk.class);
                    onNode.send("{\"type\":\"subscribe\",\"topic\":\"trades.BTC-USDT\",\"since\":{\"epoch\":\""
                            + epoch + "\",\"seq\":" + cursor + "}}");
                    ServerMessage.Subscribed subscribed = onNode.await(ServerMessage.Subscribed.class);
                    assertThat(subscribed.recovered()).isTrue();
                    List<Long> seqs = new ArrayList<>();
                    while (seqs.isEmpty() || seqs.get(seqs.size() - 1) < head) {
                        StreamEvent e = onNode.await(m -> m instanceof StreamEvent);
                        seqs.add(e.seq());
                    }
                    assertThat(seqs.get(0)).isEqualTo(cursor + 1);
                    assertThat(seqs).hasSize((int) (head - cursor));
                }
            }
        }
    }

    @Test
    void aCursorOlderThanTheNodeItselfIsReadFromJetStream() throws Exception {
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"))) {
            JetStreamConfig config = JetStreamConfig.defaults(nats.url(), "TICKWIRE");
            Path coreDir = dir.resolve("core");
            JetStreamPublisher publisher = new JetStreamPublisher(config);
            try (TestVenue venue = new TestVenue(coreDir, FrontDoorConfig.defaults(0), List.of(publisher))) {
                for (int i = 0; i < 40; i++) {
                    venue.trade(i);
                    venue.barrier();
                }
                long before = venue.server().core().journal().lastBatch();
                await().atMost(WAIT).until(() -> publisher.lastAcknowledged() >= before);
                long head = venue.head("trades.BTC-USDT");
                String epoch = venue.server().core().journal().epoch();
                // The node starts after all of it: its memory holds none of these events.
                try (GatewayNode node = GatewayNode.start(config, FrontDoorConfig.defaults(0), dir.resolve("g1"),
                        coreDir.resolve(TokenService.SECRET_FILE), 10_000);
                     WsTestClient client = WsTestClient.connect(node.port(), venue.token(TestVenue.BUYER))) {
                    client.await(ServerMessage.AuthOk.class);
                    long cursor = head - 25;
                    client.send("{\"type\":\"subscribe\",\"topic\":\"trades.BTC-USDT\",\"since\":{\"epoch\":\""
                            + epoch + "\",\"seq\":" + cursor + "}}");
                    ServerMessage.Subscribed subscribed = client.await(ServerMessage.Subscribed.class);
                    assertThat(subscribed.recovered()).as("fetched from JetStream, not a gap").isTrue();
                    List<Long> seqs = new ArrayList<>();
                    while (seqs.isEmpty() || seqs.get(seqs.size() - 1) < head) {
                        StreamEvent e = client.await(m -> m instanceof StreamEvent);
                        seqs.add(e.seq());
                    }
                    List<Long> expected = new ArrayList<>();
                    for (long seq = cursor + 1; seq <= head; seq++) {
                        expected.add(seq);
                    }
                    assertThat(seqs).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void aNodeAnswers503UntilItHasTheCoresStateThenReportsItsFeed() throws Exception {
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"))) {
            JetStreamConfig config = JetStreamConfig.defaults(nats.url(), "TICKWIRE");
            Path coreDir = dir.resolve("core");
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            // The core's secret exists before the core runs only if the core made it: start it once.
            new TestVenue(coreDir, FrontDoorConfig.defaults(0)).close();
            CompletableFuture<GatewayNode> starting = CompletableFuture.supplyAsync(() -> {
                try {
                    return GatewayNode.start(config, FrontDoorConfig.defaults(port), dir.resolve("g1"),
                            coreDir.resolve(TokenService.SECRET_FILE), 10_000);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            await().atMost(WAIT).ignoreExceptions().until(() -> status(port, "/health") == 503);
            try (TestVenue venue = new TestVenue(coreDir, FrontDoorConfig.defaults(0),
                    List.of(new JetStreamPublisher(config)));
                 GatewayNode node = starting.get(60, TimeUnit.SECONDS)) {
                assertThat(status(port, "/health")).isEqualTo(200);
                venue.trade(1);
                venue.barrier();
                long last = venue.server().core().journal().lastBatch();
                await().atMost(WAIT).until(() -> node.lastBatch() >= last);
                String feed = get(port, "/events/_status", null);
                assertThat(feed).contains("\"connected\":true", "\"reconnect_count\":0",
                        "\"reset_epoch\":\"" + venue.server().core().journal().epoch() + "\"");
                await().atMost(WAIT).until(() -> get(port, "/events/_status", null).contains("\"lag_batches\":0"));
                // The console, and the operator's status naming the node's role, on a gateway node too.
                assertThat(get(port, "/", null)).contains("<title>Tickwire console</title>");
                String admin = venue.server().tokens().issue(0, EnumSet.of(Scope.ADMIN), Duration.ofMinutes(5));
                assertThat(get(port, "/api/v1/admin/status", admin)).contains("\"role\":\"gateway\"");
            }
        }
    }

    private static int status(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void anOrderThroughANodeWhoseCoreIsGoneIsRefusedSoTheClientMayRetry() throws Exception {
        try (NatsServer nats = NatsServer.start(dir.resolve("nats"))) {
            JetStreamConfig config = JetStreamConfig.defaults(nats.url(), "TICKWIRE");
            Path coreDir = dir.resolve("core");
            // The node starts while a core answers, then the core stops.
            TestVenue venue = new TestVenue(coreDir, FrontDoorConfig.defaults(0),
                    List.of(new JetStreamPublisher(config)));
            String token = venue.token(TestVenue.BUYER);
            GatewayNode node;
            try {
                node = GatewayNode.start(config, FrontDoorConfig.defaults(0), dir.resolve("g1"),
                        coreDir.resolve(TokenService.SECRET_FILE), 10_000);
            } finally {
                venue.close(); // no core listens on the command subject any more
            }
            try (node; WsTestClient client = WsTestClient.connect(node.port(), token)) {
                client.await(ServerMessage.AuthOk.class);
                client.send("{\"type\":\"order.place\",\"id\":9,\"market\":\"BTC-USDT\",\"side\":\"buy\","
                        + "\"order_type\":\"limit\",\"tif\":\"gtc\",\"price\":\"100.00\",\"qty\":\"0.001\"}");
                ServerMessage.ErrorMessage refused = client.await(ServerMessage.ErrorMessage.class);
                assertThat(refused.id()).isEqualTo(9L);
                assertThat(refused.code()).as("never reached a sequencer: the client may retry")
                        .isEqualTo(ErrorCode.RATE_LIMITED.wire());
            }
        }
    }
}
