package io.tickwire.server.frontdoor;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.server.TestServers;
import io.tickwire.server.TickwireServer;
import io.tickwire.testkit.ws.WsTestClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Refusals at the HTTP level, read off a raw socket: a 429 says {@code Connection: close} so a
 * client that pipelines knows which requests ran, and a connection over the limit is answered 503
 * at once (never accepted and left hanging), and counted.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpRefusalsTest {

    @TempDir
    Path dir;
    @RegisterExtension
    final TestServers servers = new TestServers();
    TickwireServer server;

    private void start(FrontDoorConfig config) throws Exception {
        server = servers.open(dir, config);
    }

    /** A response's status line and headers (lower case names); its body is read past. */
    private record Response(String status, List<String> headers) {
        boolean has(String header) {
            return headers.contains(header.toLowerCase(Locale.ROOT));
        }
    }

    /** Reads responses until the server closes the connection (or nothing comes for 10 s). */
    private static List<Response> readAll(Socket socket) throws IOException {
        List<Response> responses = new ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.ISO_8859_1));
        try {
            String status;
            while ((status = in.readLine()) != null) {
                List<String> headers = new ArrayList<>();
                int length = 0;
                String line;
                while ((line = in.readLine()) != null && !line.isEmpty()) {
                    String lower = line.toLowerCase(Locale.ROOT);
                    headers.add(lower);
                    if (lower.startsWith("content-length:")) {
                        length = Integer.parseInt(lower.substring(15).trim());
                    }
                }
                for (int skipped = 0; skipped < length; skipped++) {
                    in.read(); // ISO-8859-1: one char per byte
                }
                responses.add(new Response(status, headers));
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither answered nor closed; got " + responses, e);
        }
        return responses;
    }

    private static Socket open(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"declared length", "100-continue"})
    void aBodyOverTheLimitIsAnswered413WithTheDocumentedJson(String how) throws Exception {
        start(FrontDoorConfig.defaults(0));
        try (Socket socket = open(server.port())) {
            // Only the head: the server answers from the declared length, so no unread body can turn
            // its close into a reset that would discard the answer.
            String head = "POST /api/v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (FrontDoorConfig.defaults(0).maxBodyBytes() + 1) + "\r\n"
                    + (how.equals("100-continue") ? "Expect: 100-continue\r\n" : "") + "\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413").containsIgnoringCase("connection: close")
                    .containsIgnoringCase("content-type: application/json")
                    .endsWith("{\"code\":\"too_large\",\"message\":\"the request body is larger than "
                            + FrontDoorConfig.defaults(0).maxBodyBytes() + " bytes\"}");
        }
    }

    @Test
    void a429ClosesTheConnectionAndSaysSo() throws Exception {
        start(FrontDoorConfig.defaults(0).withRestRequestsPerSecond(5));
        try (Socket socket = open(server.port())) {
            StringBuilder pipelined = new StringBuilder();
            for (int i = 0; i < 12; i++) {
                pipelined.append("GET /api/v1/markets HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(pipelined.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            List<Response> responses = readAll(socket);
            Response last = responses.get(responses.size() - 1);
            assertThat(last.status()).startsWith("HTTP/1.1 429");
            assertThat(last.has("connection: close")).as(last.headers().toString()).isTrue();
            assertThat(responses.subList(0, responses.size() - 1))
                    .allSatisfy(r -> assertThat(r.status()).startsWith("HTTP/1.1 200"));
            assertThat(responses.size()).as("requests answered; the rest never ran").isLessThan(12);
        }
    }

    @Test
    @SuppressWarnings("try") // a and b only hold their connections open, at the limit
    void aConnectionOverTheLimitIsAnswered503AndCounted() throws Exception {
        start(FrontDoorConfig.defaults(0).withConnectionLimits(20, 2));
        try (WsTestClient a = WsTestClient.connect(server.port(), null);
             WsTestClient b = WsTestClient.connect(server.port(), null);
             Socket third = open(server.port())) {
            third.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection:"
                    + " Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            List<Response> responses = readAll(third);
            assertThat(responses).hasSize(1);
            assertThat(responses.get(0).status()).startsWith("HTTP/1.1 503");
            assertThat(responses.get(0).has("connection: close")).isTrue();
        }
        assertThat(server.metricsText()).contains("tickwire_connections_refused_total 1.0");
    }

    @Test
    void theLimitInForceStaysBelowTheFileDescriptorLimit() {
        assertThat(ConnectionLimits.effective(50_000, 20_000)).isEqualTo(20_000 - (int) ConnectionLimits.FD_RESERVE);
        assertThat(ConnectionLimits.effective(1_000, 20_000)).isEqualTo(1_000);
        assertThat(ConnectionLimits.effective(1_000, -1)).as("limit unknown").isEqualTo(1_000);
        assertThat(ConnectionLimits.effective(1_000, 100)).as("never below one").isEqualTo(1);
        assertThat(ConnectionLimits.fdLimit()).as("this JVM on Linux knows its limit").isPositive();
    }
}
