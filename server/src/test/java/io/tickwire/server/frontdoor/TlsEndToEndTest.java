package io.tickwire.server.frontdoor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.tickwire.codec.JsonCodec;
import io.tickwire.protocol.message.ServerMessage;
import io.tickwire.server.TestServers;
import io.tickwire.server.TickwireServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code wss://} and {@code https://} with a PEM certificate and key made here, trusted by the client alone. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsEndToEndTest {

    @TempDir
    Path dir;

    private FrontDoorConfig.Tls certificate(X509Bundle bundle) throws Exception {
        Path cert = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");
        Files.writeString(cert, bundle.getCertificatePathPEM());
        Files.writeString(key, bundle.getPrivateKeyPEM());
        return new FrontDoorConfig.Tls(cert, key);
    }

    private TickwireServer start(FrontDoorConfig.Tls tls) throws Exception {
        return TestServers.start(dir.resolve("data"), FrontDoorConfig.defaults(0).withTls(tls));
    }

    @Test
    void servesWssAndHttpsWithTheConfiguredCertificate() throws Exception {
        X509Bundle bundle = new CertificateBuilder().subject("CN=localhost").setIsCertificateAuthority(true)
                .addSanDnsName("localhost").addSanIpAddress("127.0.0.1").buildSelfSigned();
        try (TickwireServer server = start(certificate(bundle))) {
            SSLContext trusting = SSLContext.getInstance("TLS");
            trusting.init(null, bundle.toTrustManagerFactory().getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(trusting).build();

            HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + server.port() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);

            CompletableFuture<String> reply = new CompletableFuture<>();
            WebSocket ws = client.newWebSocketBuilder().buildAsync(URI.create("wss://localhost:" + server.port()
                    + "/ws"),
                    new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            reply.complete(data.toString());
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            ws.sendText("{\"type\":\"ping\",\"id\":5}", true).join();
            ServerMessage pong = new JsonCodec().decodeServer(reply.get(10, TimeUnit.SECONDS)).orThrow();
            assertThat(pong).isInstanceOf(ServerMessage.Pong.class);
            ws.abort();

            HttpClient untrusting = HttpClient.newHttpClient();
            assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + server.port() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void aKeyThatIsNotPemStopsTheStartAndNamesTheFiles() throws Exception {
        X509Bundle bundle = new CertificateBuilder().subject("CN=localhost").setIsCertificateAuthority(true)
                .buildSelfSigned();
        FrontDoorConfig.Tls tls = certificate(bundle);
        Files.writeString(tls.privateKey(), "not a key");
        assertThatThrownBy(() -> start(tls))
                .isInstanceOf(FrontDoorBindException.class)
                .hasMessageContaining("tls:")
                .hasMessageContaining(tls.privateKey().toString());
        assertThat(Files.exists(dir.resolve("data/journal"))).isFalse();
    }
}
