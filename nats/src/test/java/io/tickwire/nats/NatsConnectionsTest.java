package io.tickwire.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nats.client.Connection;
import io.nats.client.NKey;
import io.nats.client.Options;
import io.nats.client.support.JwtUtils;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.tickwire.server.config.JetStreamConfig;
import io.tickwire.server.config.NatsCredentials;
import io.tickwire.server.config.NatsTls;
import io.tickwire.testkit.nats.NatsServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of NATS credentials, and TLS, against a real nats-server that asks for it: the right
 * secret from its file connects, a wrong one is refused, and no secret shows in a printed URL.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class NatsConnectionsTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    private static void connects(JetStreamConfig config) throws Exception {
        Connection c = NatsConnections.connect(config, "test");
        try {
            assertThat(c.getStatus()).isEqualTo(Connection.Status.CONNECTED);
        } finally {
            NatsConnections.closeQuietly(c);
        }
    }

    @Test
    void aUserAndAPasswordFromAFile() throws Exception {
        try (NatsServer nats = NatsServer.startWith(dir.resolve("nats"),
                "authorization { users: [ { user: core, password: \"p4ss word\" } ] }", Map.of())) {
            JetStreamConfig base = JetStreamConfig.defaults(nats.url(), "TICKWIRE");
            connects(base.withCredentials(new NatsCredentials.UserPassword("core",
                    file("good", "  p4ss word \n")))); // surrounding white space and the newline dropped
            assertThatThrownBy(() -> connects(base.withCredentials(new NatsCredentials.UserPassword("core",
                    file("bad", "nope\n"))))).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> connects(base)).isInstanceOf(IOException.class); // anonymous
        }
    }

    @Test
    void aToken() throws Exception {
        try (NatsServer nats = NatsServer.startWith(dir.resolve("nats"),
                "authorization { token: \"s3cr3t-t0ken\" }", Map.of())) {
            JetStreamConfig base = JetStreamConfig.defaults(nats.url(), "TICKWIRE");
            connects(base.withCredentials(new NatsCredentials.Token(file("token", "s3cr3t-t0ken\n"))));
            assertThatThrownBy(() -> connects(base.withCredentials(new NatsCredentials.Token(file("t2", "other")))))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void anNKeySeed() throws Exception {
        NKey user = NKey.createUser(new SecureRandom());
        NKey stranger = NKey.createUser(new SecureRandom());
        try (NatsServer nats = NatsServer.startWith(dir.resolve("nats"),
                "authorization { users: [ { nkey: " + new String(user.getPublicKey()) + " } ] }", Map.of())) {
            JetStreamConfig base = JetStreamConfig.defaults(nats.url(), "TICKWIRE");
            connects(base.withCredentials(new NatsCredentials.NKey(file("seed", new String(user.getSeed()) + "\n"))));
            assertThatThrownBy(() -> connects(base.withCredentials(new NatsCredentials.NKey(
                    file("other", new String(stranger.getSeed())))))).isInstanceOf(IOException.class);
        }
    }

    @Test
    void tlsWithACaAndAClientCertificate() throws Exception {
        X509Bundle ca = new CertificateBuilder().subject("CN=test-ca").setIsCertificateAuthority(true)
                .buildSelfSigned();
        X509Bundle server = new CertificateBuilder().subject("CN=localhost").addSanIpAddress("127.0.0.1")
                .addSanDnsName("localhost").buildIssuedBy(ca);
        X509Bundle client = new CertificateBuilder().subject("CN=tickwire-core").buildIssuedBy(ca);
        Path caFile = file("ca.pem", ca.getCertificatePEM());
        Path serverCert = file("server.pem", server.getCertificatePathPEM());
        Path serverKey = file("server.key", server.getPrivateKeyPEM());
        Path clientCert = file("client.pem", client.getCertificatePathPEM());
        Path clientKey = file("client.key", client.getPrivateKeyPEM());
        try (NatsServer nats = NatsServer.startWith(dir.resolve("nats"), "tls { cert_file: \"" + serverCert
                + "\", key_file: \"" + serverKey + "\", ca_file: \"" + caFile + "\", verify: true }", Map.of())) {
            JetStreamConfig base = JetStreamConfig.defaults(nats.url(), "TICKWIRE");
            connects(base.withTls(new NatsTls(caFile, clientCert, clientKey)));
            // The server verifies clients: without a certificate, refused.
            assertThatThrownBy(() -> connects(base.withTls(new NatsTls(caFile, null, null))))
                    .isInstanceOf(IOException.class);
            // And the node verifies the server: the JDK's roots do not know this CA.
            assertThatThrownBy(() -> connects(base.withTls(new NatsTls(null, clientCert, clientKey))))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void aCredsFileIsReadAndItsNKeySigns() throws Exception {
        NKey user = NKey.createUser(new SecureRandom());
        // A .creds file as nsc writes it (the JWT is not checked here: no operator-mode server).
        Path creds = file("user.creds", "-----BEGIN NATS USER JWT-----\neyJhbGciOiJlZDI1NTE5LW5rZXkifQ.e30.x\n"
                + "------END NATS USER JWT------\n\n-----BEGIN USER NKEY SEED-----\n" + new String(user.getSeed())
                + "\n------END USER NKEY SEED------\n");
        Options options = NatsAuthentication.apply(new Options.Builder(),
                new NatsCredentials.Creds(creds), null).build();
        byte[] nonce = "nonce".getBytes(StandardCharsets.US_ASCII);
        assertThat(user.verify(nonce, options.getAuthHandler().sign(nonce))).isTrue();
        assertThat(new String(options.getAuthHandler().getJWT())).startsWith("eyJ");
        assertThatThrownBy(() -> NatsAuthentication.apply(new Options.Builder(),
                new NatsCredentials.Creds(dir.resolve("missing.creds")), null))
                .isInstanceOf(IOException.class).hasMessageContaining("missing.creds");
    }

    /**
     * A {@code .creds} file against a server in operator mode (decentralised JWT auth), with an
     * operator, an account and users made here as {@code nsc} would: the user's JWT signed by its
     * account connects and may use JetStream; a user whose JWT another account signed is refused.
     */
    @Test
    void aCredsFileAgainstAnOperatorModeServer() throws Exception {
        SecureRandom random = new SecureRandom();
        NKey operator = NKey.createOperator(random);
        NKey account = NKey.createAccount(random);
        NKey stranger = NKey.createAccount(random);
        NKey system = NKey.createAccount(random); // JetStream needs the server's own account
        String operatorKey = new String(operator.getPublicKey());
        String accountKey = new String(account.getPublicKey());
        String systemKey = new String(system.getPublicKey());
        long now = JwtUtils.currentTimeSeconds();
        String systemJwt = JwtUtils.issueJWT(operator, systemKey, "SYS", null, now, operatorKey,
                () -> "{\"type\":\"account\",\"version\":2}");
        String operatorJwt = JwtUtils.issueJWT(operator, operatorKey, "test-operator", null, now, operatorKey,
                () -> "{\"type\":\"operator\",\"version\":2}");
        String accountJwt = JwtUtils.issueJWT(operator, accountKey, "TICKWIRE", null, now, operatorKey,
                () -> "{\"type\":\"account\",\"version\":2,\"limits\":{\"subs\":-1,\"conn\":-1,\"leaf\":-1,"
                        + "\"imports\":-1,\"exports\":-1,\"data\":-1,\"payload\":-1,\"wildcards\":true,"
                        + "\"mem_storage\":-1,\"disk_storage\":-1,\"streams\":-1,\"consumer\":-1}}");
        try (NatsServer nats = NatsServer.startWith(dir.resolve("nats"), "operator: " + operatorJwt
                + "\nsystem_account: " + systemKey + "\nresolver: MEMORY\nresolver_preload: { " + accountKey + ": \""
                + accountJwt + "\", " + systemKey + ": \"" + systemJwt + "\" }", Map.of())) {
            JetStreamConfig base = JetStreamConfig.defaults(nats.url(), "TICKWIRE");
            Connection c = NatsConnections.connect(base.withCredentials(
                    new NatsCredentials.Creds(creds("core.creds", account, accountKey))), "test");
            try {
                assertThat(c.getStatus()).isEqualTo(Connection.Status.CONNECTED);
                assertThat(c.jetStreamManagement().getAccountStatistics().getStreams()).isZero();
            } finally {
                NatsConnections.closeQuietly(c);
            }
            assertThatThrownBy(() -> connects(base.withCredentials(new NatsCredentials.Creds(
                    creds("stranger.creds", stranger, new String(stranger.getPublicKey()))))))
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> connects(base)).isInstanceOf(IOException.class); // anonymous
        }
    }

    /** A {@code .creds} file as {@code nsc generate creds} writes it: a new user's JWT signed by {@code account}. */
    private Path creds(String name, NKey account, String accountKey) throws Exception {
        NKey user = NKey.createUser(new SecureRandom());
        String jwt = JwtUtils.issueUserJWT(account, accountKey, new String(user.getPublicKey()), name);
        return file(name, "-----BEGIN NATS USER JWT-----\n" + jwt + "\n------END NATS USER JWT------\n\n"
                + "************************* IMPORTANT *************************\n\n"
                + "-----BEGIN USER NKEY SEED-----\n" + new String(user.getSeed())
                + "\n------END USER NKEY SEED------\n");
    }

    @Test
    void urlsArePrintedWithoutTheirSecrets() {
        assertThat(JetStreamConfig.masked("nats://core:hunter2@10.0.0.1:4222"))
                .isEqualTo("nats://core:***@10.0.0.1:4222");
        assertThat(JetStreamConfig.masked("tls://s3cr3t@nats.example:4222"))
                .isEqualTo("tls://***@nats.example:4222");
        assertThat(JetStreamConfig.masked("nats://10.0.0.1:4222")).isEqualTo("nats://10.0.0.1:4222");
        JetStreamConfig config = JetStreamConfig.defaults("nats://a:b@127.0.0.1:4222", "TICKWIRE")
                .withCredentials(new NatsCredentials.UserPassword("gw", Path.of("/run/secrets/nats")));
        assertThat(config.displayServers()).doesNotContain(":b@");
        assertThat(config.credentials().describe()).isEqualTo("user gw, password from /run/secrets/nats");
        assertThatThrownBy(() -> JetStreamConfig.defaults("nats://a:b@127.0.0.1", "TICKWIRE"))
                .hasMessageContaining("nats://a:***@127.0.0.1").hasMessageNotContaining(":b@");
    }
}
