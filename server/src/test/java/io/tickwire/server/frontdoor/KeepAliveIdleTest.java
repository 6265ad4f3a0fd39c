package io.tickwire.server.frontdoor;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.server.TestServers;
import io.tickwire.server.TickwireServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The idle timeout counts from the last byte received: a keep-alive HTTP connection in use is never
 * cut (it once was, {@code idle_timeout} after it opened, however busy, racing an order's answer),
 * and one that falls silent is closed. Read off a raw socket, so that every request provably goes
 * over the one connection.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeepAliveIdleTest {
    private static final Duration IDLE = Duration.ofMillis(800);

    @TempDir
    Path dir;
    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void aBusyKeepAliveConnectionOutlivesTheIdleTimeoutAndASilentOneIsClosed() throws Exception {
        TickwireServer server = servers.open(dir,
                FrontDoorConfig.defaults(0).withHeartbeat(Duration.ofSeconds(20), IDLE));
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            long opened = System.nanoTime();
            int answered = 0;
            long lastSent = opened;
            // Requests paced a quarter of the timeout apart, for well past twice the timeout: each must
            // be answered on this same connection.
            while (System.nanoTime() - opened < IDLE.multipliedBy(3).toNanos()) {
                out.write("GET /api/v1/markets HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                lastSent = System.nanoTime();
                String head = readResponse(in);
                assertThat(head).as("request %d on the kept-alive connection", answered).startsWith("http/1.1 200")
                        .doesNotContain("connection: close");
                answered++;
                LockSupport.parkNanos(IDLE.toNanos() / 4); // pacing only: the assertions are on answers
            }
            assertThat(answered).isGreaterThanOrEqualTo(8);
            // Silent from now on: the server closes the connection (the read ends), well before 10 s.
            assertThat(in.read()).as("end of stream: the server closed the silent connection").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - lastSent)).as("silent for the timeout before the close")
                    .isGreaterThanOrEqualTo(IDLE.minusMillis(50));
        }
    }

    /** One response's status line and headers (lower case), its body read past. */
    static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("the server closed the connection; read so far: " + head);
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        int at = text.indexOf("content-length:");
        int length = at < 0 ? 0 : Integer.parseInt(text.substring(at + 15, text.indexOf('\r', at)).trim());
        in.readNBytes(length);
        return text;
    }
}
