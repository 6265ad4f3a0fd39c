package io.tickwire.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.client.book.BookView;
import io.tickwire.client.book.LocalBook;
import io.tickwire.protocol.message.EventPayload;
import io.tickwire.protocol.message.Level;
import io.tickwire.protocol.message.Topic;
import io.tickwire.server.TestVenue;
import io.tickwire.server.demo.MarketSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's local books against the server's, with the market simulator running. After every
 * delta the local book checks the server's checksum of the top 10 levels (a mismatch would be a
 * {@link SessionEvent.BookInvalidated}); at the end the whole book is compared level by level.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // an end-to-end test that hangs fails instead
class LocalBookLiveTest {

    @TempDir
    Path dir;

    @Test
    void theLocalBookEqualsTheServersAfterEveryStep() throws Exception {
        ListenerLog log = new ListenerLog();
        List<SessionEvent> session = log.session;
        try (TestVenue venue = new TestVenue(dir);
             TickwireClient client = TickwireClient.builder().uri(venue.ws(venue.port())).listener(log).build()) {
            AtomicLong deltas = new AtomicLong();
            AtomicLong invalidWhileServing = new AtomicLong();
            Map<String, BookSubscription> books = new ConcurrentHashMap<>();
            for (String market : List.of("BTC-USDT", "ETH-USDT")) {
                // Subscribed before connect(): no update can come before the subscription is in the map.
                books.put(market, client.subscribe(Topic.book(market), update -> {
                    if (update instanceof Update.Event e && e.data() instanceof EventPayload.BookDelta) {
                        deltas.incrementAndGet();
                    }
                    BookView view = books.get(market).book().view(10);
                    if (!view.valid() && (!view.bids().isEmpty() || !view.asks().isEmpty())) {
                        invalidWhileServing.incrementAndGet(); // an invalid book must serve nothing
                    }
                }));
            }
            client.connect();
            Recorder.await("both books", 10_000,
                    () -> books.get("BTC-USDT").book().isValid() && books.get("ETH-USDT").book().isValid());
            // Funds its users itself: the venue's journal is not new, so startDemo would not.
            MarketSimulator simulator = MarketSimulator.start(venue.server().core(), 2_000, true);
            try {
                long before = deltas.get();
                Recorder.await("2,000 deltas from the simulator", 60_000, () -> deltas.get() - before >= 2_000);
            } finally {
                simulator.close();
            }
            for (String market : List.of("BTC-USDT", "ETH-USDT")) {
                venue.barrier();
                long head = venue.head("book." + market);
                LocalBook book = books.get(market).book();
                Recorder.await(market + " to catch up", 10_000, () -> book.seq() == head);
                JsonNode server = restBook(venue, market);
                assertThat(server.get("seq").asLong()).isEqualTo(head);
                BookView local = book.view();
                assertThat(local.valid()).isTrue();
                assertThat(strings(local.bids())).isEqualTo(strings(server.get("bids")));
                assertThat(strings(local.asks())).isEqualTo(strings(server.get("asks")));
                assertThat(book.snapshot().orElseThrow().checksum()).isEqualTo(server.get("checksum").asLong());
            }
            assertThat(deltas.get()).isGreaterThan(1_000);
            assertThat(session).noneMatch(e -> e instanceof SessionEvent.BookInvalidated);
            assertThat(invalidWhileServing.get()).isZero();
        }
    }

    private static JsonNode restBook(TestVenue venue, String market) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(venue.rest() + "/api/v1/book/" + market + "?depth=10000")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    private static List<String> strings(List<Level> levels) {
        List<String> out = new ArrayList<>();
        levels.forEach(l -> out.add(l.price() + ":" + l.qty()));
        return out;
    }

    private static List<String> strings(JsonNode levels) {
        List<String> out = new ArrayList<>();
        levels.forEach(l -> out.add(l.get(0).asText() + ":" + l.get(1).asText()));
        return out;
    }
}
