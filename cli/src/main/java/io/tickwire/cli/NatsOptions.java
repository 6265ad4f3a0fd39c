package io.tickwire.cli;

import io.tickwire.server.config.JetStreamConfig;
import io.tickwire.server.config.NatsCredentials;
import io.tickwire.server.config.NatsTls;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How {@code serve} and {@code gateway} reach NATS (a picocli mixin): the servers, the stream, and
 * the credentials and TLS that a NATS operator hands out. Every secret is named by a file, never
 * given on the command line, where any user of the machine could read it in the process list.
 * Each option wins over the configuration file's {@code nats} section.
 */
final class NatsOptions {
    @Option(names = "--nats", split = ",", paramLabel = "nats://HOST:PORT",
            description = "NATS servers, comma-separated (default: the config's nats.servers).")
    List<String> servers;

    @Option(names = "--nats-stream", paramLabel = "NAME",
            description = "The JetStream stream (default: the config's, else TICKWIRE).")
    String stream;

    @Option(names = "--nats-user", paramLabel = "USER",
            description = "NATS user; the password from --nats-password-file.")
    String user;

    @Option(names = "--nats-password-file", paramLabel = "FILE", description = "The NATS user's password.")
    Path passwordFile;

    @Option(names = "--nats-token-file", paramLabel = "FILE", description = "A NATS token.")
    Path tokenFile;

    @Option(names = "--nats-nkey-file", paramLabel = "FILE", description = "A NATS NKey seed (SU...).")
    Path nkeyFile;

    @Option(names = "--nats-creds", paramLabel = "FILE",
            description = "A NATS .creds file (user JWT and seed, decentralised auth).")
    Path credsFile;

    @Option(names = "--nats-tls-ca", paramLabel = "FILE",
            description = "PEM CA certificates to check the NATS server's certificate with (enables TLS).")
    Path tlsCa;

    @Option(names = "--nats-tls-cert", paramLabel = "FILE",
            description = "PEM client certificate for NATS servers that verify clients (with --nats-tls-key).")
    Path tlsCert;

    @Option(names = "--nats-tls-key", paramLabel = "FILE", description = "The client certificate's PKCS#8 PEM key.")
    Path tlsKey;

    /** Whether any option of this mixin was given. */
    boolean given() {
        return servers != null || stream != null || credentials() != null || tls() != null;
    }

    /**
     * The file's {@code nats} section ({@code fromFile}, may be null) with these options over it;
     * null when neither names a server.
     *
     * @throws IllegalArgumentException with a message for the user: options that go together, a
     *                                  file that cannot be read, NATS options without a server
     */
    JetStreamConfig resolve(JetStreamConfig fromFile) {
        if (servers == null && fromFile == null) {
            if (given()) {
                throw new IllegalArgumentException(firstGiven() + " needs --nats (or nats.servers in the"
                        + " configuration)");
            }
            return null;
        }
        JetStreamConfig base = fromFile != null ? fromFile
                : JetStreamConfig.defaults(servers.get(0), JetStreamConfig.DEFAULT_STREAM);
        if (servers != null) {
            base = base.withServers(servers);
        }
        if (stream != null) {
            base = base.withStream(stream);
        }
        NatsCredentials credentials = credentials();
        if (credentials != null) {
            base = base.withCredentials(credentials);
        }
        NatsTls tls = tls();
        if (tls != null) {
            base = base.withTls(tls);
        }
        return base;
    }

    /** The first NATS option given, for the message that says it needs a server. */
    private String firstGiven() {
        return stream != null ? "--nats-stream" : user != null ? "--nats-user"
                : passwordFile != null ? "--nats-password-file" : tokenFile != null ? "--nats-token-file"
                : nkeyFile != null ? "--nats-nkey-file" : credsFile != null ? "--nats-creds" : "--nats-tls-*";
    }

    /** What a node prints of how it reaches NATS: the kind of credentials and their file, never a secret. */
    static String describe(JetStreamConfig config) {
        return "NATS credentials: " + config.credentials().describe()
                + (config.tls() != null ? "; TLS to NATS" : "");
    }

    private NatsCredentials credentials() {
        NatsCredentials credentials = NatsCredentials.from(given("--nats-user", user),
                given("--nats-password-file", passwordFile), given("--nats-token-file", tokenFile),
                given("--nats-nkey-file", nkeyFile), given("--nats-creds", credsFile));
        return credentials == NatsCredentials.NONE ? null : credentials;
    }

    private NatsTls tls() {
        return NatsTls.from(given("--nats-tls-ca", tlsCa), given("--nats-tls-cert", tlsCert),
                given("--nats-tls-key", tlsKey));
    }

    private static NatsCredentials.Given given(String option, Object value) {
        return new NatsCredentials.Given(option, value == null ? null : value.toString());
    }
}
