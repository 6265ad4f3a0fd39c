package io.tickwire.relay.follow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client that keeps every stream event exactly as its bytes arrived, by topic and
 * seq, and notes every repeat and every hole: what "dense and byte-identical" is checked on.
 */
final class RawFrames implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket socket;
    private final Map<String, Map<Long, String>> events = new ConcurrentHashMap<>();
    private final Map<String, Long> last = new ConcurrentHashMap<>();
    /** Repeats and holes seen live: each a line saying which. */
    final List<String> problems = new CopyOnWriteArrayList<>();
    final List<String> replies = new CopyOnWriteArrayList<>();

    RawFrames(int port) throws Exception {
        StringBuilder partial = new StringBuilder();
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean lastPart) {
                        partial.append(data);
                        if (lastPart) {
                            take(partial.toString());
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    private void take(String text) {
        JsonNode m;
        try {
            m = JSON.readTree(text);
        } catch (Exception e) {
            problems.add("not JSON: " + text);
            return;
        }
        String type = m.path("type").asText();
        if (!m.has("seq") || !m.has("data") || type.equals("book.snapshot") || type.equals("book.invalidated")) {
            replies.add(text);
            if (type.equals("book.snapshot")) {
                last.put(m.path("topic").asText(), m.path("seq").asLong());
            }
            return;
        }
        String topic = m.path("topic").asText();
        long seq = m.path("seq").asLong();
        Long previous = last.put(topic, seq);
        if (previous != null && seq != previous + 1) {
            problems.add(topic + ": " + seq + " after " + previous);
        }
        if (events.computeIfAbsent(topic, k -> new ConcurrentHashMap<>()).put(seq, text) != null) {
            problems.add(topic + ": " + seq + " twice");
        }
    }

    void send(String json) throws Exception {
        socket.sendText(json, true).get(5, TimeUnit.SECONDS);
    }

    /** The events of {@code topic} received, by seq, as their bytes arrived. */
    Map<Long, String> events(String topic) {
        return new TreeMap<>(events.getOrDefault(topic, Map.of()));
    }

    long last(String topic) {
        return last.getOrDefault(topic, 0L);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
