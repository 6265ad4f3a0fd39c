package io.tickwire.server.frontdoor;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.protocol.book.BookLevels;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Level;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.Side;
import io.tickwire.protocol.message.StreamEvent;
import io.tickwire.server.TestServers;
import io.tickwire.server.TickwireServer;
import io.tickwire.server.demo.DemoVenue;
import io.tickwire.testkit.ws.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the demo simulator moving the market, a client's book rebuilt from the snapshot and the
 * deltas matches the checksum after every delta, its seqs are dense, and once the market is quiet
 * it equals the REST book at the same seq.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // an end-to-end test that hangs fails instead
class LiveBookTest {

    @TempDir
    Path dir;

    @Test
    void aBookFromSnapshotAndDeltasStaysExactWhileTheSimulatorRuns() throws Exception {
        try (TickwireServer server = TestServers.start(dir);
             WsTestClient client = WsTestClient.connect(server.port(), null)) {
            DemoVenue demo = DemoVenue.start(server.core(), 400);
            server.onClosing(demo::close);
            // The book is moving before the client subscribes: its snapshot is not the empty book.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> server.core().journal().lastSeq("book.BTC-USDT") >= 20);
            client.send("{\"type\":\"subscribe\",\"id\":1,\"topic\":\"book.BTC-USDT\"}");
            StreamEvent snapshotEvent = client.awaitEvent("book.snapshot");
            var snapshot = (EventPayload.BookSnapshot) snapshotEvent.data();
            BookLevels book = new BookLevels();
            book.load(snapshot.bids(), snapshot.asks());
            assertThat(book.checksum()).isEqualTo(snapshot.checksum());
            long seq = snapshotEvent.seq();
            int deltas = 0;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            boolean stopped = false;
            while (true) {
                if (!stopped && System.nanoTime() > until) {
                    demo.close();
                    stopped = true;
                }
                ServerMessage m = client.received().poll(stopped ? 700 : 100, TimeUnit.MILLISECONDS);
                if (m == null) {
                    if (stopped) {
                        break; // quiet
                    }
                    continue;
                }
                if (m instanceof StreamEvent e && e.data() instanceof EventPayload.BookDelta delta) {
                    assertThat(e.seq()).isEqualTo(++seq);
                    book.apply(delta.changes());
                    assertThat(book.checksum()).as("after delta " + e.seq()).isEqualTo(delta.checksum());
                    deltas++;
                }
            }
            assertThat(deltas).as("the simulator moved the book").isGreaterThan(50);
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/v1/book/BTC-USDT?depth=10000")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode restBook = new ObjectMapper().readTree(response.body());
            assertThat(restBook.get("seq").asLong()).isEqualTo(seq);
            assertThat(render(restBook.get("bids"))).isEqualTo(render(book.all(Side.BUY)));
            assertThat(render(restBook.get("asks"))).isEqualTo(render(book.all(Side.SELL)));
        }
    }

    private static List<String> render(List<Level> levels) {
        return levels.stream().map(l -> l.price() + ":" + l.qty()).toList();
    }

    private static List<String> render(JsonNode levels) {
        List<String> out = new ArrayList<>();
        levels.forEach(l -> out.add(l.get(0).asText() + ":" + l.get(1).asText()));
        return out;
    }
}
