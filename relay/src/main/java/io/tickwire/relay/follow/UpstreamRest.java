package io.tickwire.relay.follow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tickwire.codec.JsonCodec;
import io.tickwire.engine.market.MarketRegistry;
import io.tickwire.protocol.decimal.Decimal;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.protocol.message.StreamEvent;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The upstream's REST API as the follower needs it: its markets, its epoch, and the events of a
 * stream after a cursor (to fill what the SDK skipped when it took a fresh book snapshot).
 * Blocking calls, for the follower's own thread.
 */
final class UpstreamRest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Asset scales are not in the upstream's market list; the relay holds no balances, so the widest. */
    private static final int ASSET_SCALE = 18;

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();
    private final JsonCodec codec = new JsonCodec();

    UpstreamRest(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** A stream's events after a cursor: events, or {@code gap} when the upstream no longer has them all. */
    record Page(List<StreamEvent> events, boolean gap, String epoch, long head) {
    }

    private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(TIMEOUT).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + pathAndQuery + ": HTTP " + response.statusCode() + " "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return json.readTree(response.body());
    }

    /** The upstream's current epoch. */
    String epoch() throws IOException, InterruptedException {
        return get("/events/_status").path("reset_epoch").asText();
    }

    /** The upstream's markets. */
    MarketRegistry markets() throws IOException, InterruptedException {
        JsonNode list = get("/api/v1/markets");
        MarketRegistry.Builder builder = MarketRegistry.builder();
        Set<String> assets = new LinkedHashSet<>();
        for (JsonNode m : list) {
            assets.add(m.path("base").asText());
            assets.add(m.path("quote").asText());
        }
        assets.forEach(a -> builder.asset(a, ASSET_SCALE));
        for (JsonNode m : list) {
            builder.market(m.path("base").asText(), m.path("quote").asText(), m.path("price_scale").asInt(),
                    m.path("qty_scale").asInt(), m.path("min_qty").asText(),
                    Decimal.parse(m.path("maker_fee").asText("0")).unscaledAt(6),
                    Decimal.parse(m.path("taker_fee").asText("0")).unscaledAt(6));
        }
        return builder.build();
    }

    /** The head seq of {@code topic} in {@code epoch}. */
    long head(String topic, String epoch) throws IOException, InterruptedException {
        JsonNode page = get("/events/" + URLEncoder.encode(topic, StandardCharsets.UTF_8) + "?since=0&limit=1&epoch="
                + URLEncoder.encode(epoch, StandardCharsets.UTF_8));
        if (!epoch.equals(page.path("epoch").asText())) {
            throw new IOException("the upstream moved to epoch " + page.path("epoch").asText());
        }
        return page.path("head_seq").asLong();
    }

    /** Up to 1,000 events of {@code topic} after {@code seq} of {@code epoch}. */
    Page after(String topic, String epoch, long seq) throws IOException, InterruptedException {
        JsonNode page = get("/events/" + URLEncoder.encode(topic, StandardCharsets.UTF_8) + "?since=" + seq
                + "&limit=1000&epoch=" + URLEncoder.encode(epoch, StandardCharsets.UTF_8));
        List<StreamEvent> events = new ArrayList<>();
        boolean gap = false;
        for (JsonNode e : page.path("events")) {
            if ("gap".equals(e.path("topic").asText())) {
                gap = true;
                continue;
            }
            ServerMessage message = codec.decodeServer(json.writeValueAsBytes(e.path("payload"))).orThrow();
            if (message instanceof StreamEvent event) {
                events.add(event);
            }
        }
        return new Page(events, gap, page.path("epoch").asText(), page.path("head_seq").asLong());
    }
}
