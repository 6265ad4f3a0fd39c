package io.tickwire.server.config;

import java.nio.file.Path;

/**
 * TLS to NATS: the {@code nats.tls} section of the configuration file, or the
 * {@code --nats-tls-*} options. With it every connection to NATS is encrypted and the server's
 * certificate is checked against {@code ca} (else against the JDK's trusted roots); a client
 * certificate and its key, both or neither, answer a server that verifies its clients
 * ({@code verify: true} in {@code nats-server}'s {@code tls} block).
 *
 * @param ca          PEM certificates of the authorities that signed the server's certificate;
 *                    {@code null}: the JDK's default roots
 * @param certificate the client's PEM certificate chain, or {@code null}
 * @param privateKey  the client certificate's PKCS#8 PEM key, or {@code null}
 */
public record NatsTls(Path ca, Path certificate, Path privateKey) {
    public NatsTls {
        if ((certificate == null) != (privateKey == null)) {
            throw new IllegalArgumentException("nats.tls: a client certificate and its key go together: give both"
                    + " or neither");
        }
    }

    /**
     * TLS as the settings name it, with the same rules for the command line and the file: a
     * certificate with its key, every file readable; null when none is given.
     *
     * @throws IllegalArgumentException naming the settings at fault, for the user
     */
    public static NatsTls from(NatsCredentials.Given ca, NatsCredentials.Given certificate,
                               NatsCredentials.Given privateKey) {
        if (!ca.present() && !certificate.present() && !privateKey.present()) {
            return null;
        }
        if (certificate.present() != privateKey.present()) {
            throw new IllegalArgumentException(certificate.name() + " and " + privateKey.name()
                    + " go together: give both or neither");
        }
        return new NatsTls(ca.present() ? NatsCredentials.readableFile(ca) : null,
                certificate.present() ? NatsCredentials.readableFile(certificate) : null,
                privateKey.present() ? NatsCredentials.readableFile(privateKey) : null);
    }
}
