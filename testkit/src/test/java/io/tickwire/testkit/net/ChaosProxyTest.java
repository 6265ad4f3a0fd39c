package io.tickwire.testkit.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The proxy the SDK's chaos tests rely on: it passes bytes both ways, swallows them on demand, and cuts. */
@Timeout(30)
class ChaosProxyTest {

    @Test
    void relaysThenSwallowsThenCuts() throws Exception {
        try (ServerSocket echo = echoServer(); ChaosProxy proxy = new ChaosProxy(echo.getLocalPort());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            client.setSoTimeout(10_000);
            OutputStream out = client.getOutputStream();
            InputStream in = client.getInputStream();

            out.write(new byte[] {1, 2, 3});
            assertThat(in.readNBytes(3)).containsExactly(1, 2, 3);

            proxy.swallowUpstream();
            out.write(new byte[] {4, 5});
            await().atMost(Duration.ofSeconds(10)).until(() -> proxy.swallowedUpstream() == 2);

            assertThat(proxy.cutAll()).isEqualTo(1);
            assertThat(in.read()).as("the cut connection ends").isEqualTo(-1);
        }
    }

    private static ServerSocket echoServer() throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread.ofVirtual().start(() -> {
                        try (socket) {
                            socket.getInputStream().transferTo(socket.getOutputStream());
                        } catch (IOException ignored) {
                            // the proxy cut it
                        }
                    });
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return server;
    }
}
