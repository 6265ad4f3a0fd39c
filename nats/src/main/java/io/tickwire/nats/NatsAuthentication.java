package io.tickwire.nats;

import io.nats.client.AuthHandler;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.tickwire.server.config.NatsCredentials;
import io.tickwire.server.config.NatsTls;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * Puts a node's NATS credentials and TLS on jnats's options. The secrets are read from their files
 * for each connection, so a file an operator rotates is used at the next connect, and are held as
 * {@code char[]} where jnats takes them so; none is ever logged.
 */
final class NatsAuthentication {

    private NatsAuthentication() {
    }

    /** Adds {@code credentials} and {@code tls} to {@code options}. */
    static Options.Builder apply(Options.Builder options, NatsCredentials credentials, NatsTls tls)
            throws IOException {
        switch (credentials) {
            case NatsCredentials.None none -> {
            }
            case NatsCredentials.UserPassword up -> options.userInfo(up.user().toCharArray(),
                    firstLine(up.passwordFile(), "password"));
            case NatsCredentials.Token token -> options.token(firstLine(token.tokenFile(), "token"));
            case NatsCredentials.NKey nkey -> options.authHandler(new SeedAuthHandler(
                    NKey.fromSeed(firstLine(nkey.seedFile(), "nkey seed"))));
            case NatsCredentials.Creds creds -> {
                requireReadable(creds.credsFile(), "credentials");
                options.authHandler(Nats.credentials(creds.credsFile().toString()));
            }
        }
        if (tls != null) {
            options.sslContext(sslContext(tls));
        }
        return options;
    }

    /** A client SSL context from PEM files: the CA to trust (or the JDK's roots) and a client certificate. */
    static SSLContext sslContext(NatsTls tls) throws IOException {
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
        try {
            if (tls.ca() != null) {
                builder.trustManager(tls.ca().toFile());
            }
            if (tls.certificate() != null) {
                builder.keyManager(tls.certificate().toFile(), tls.privateKey().toFile());
            }
            return ((JdkSslContext) builder.build()).context();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IOException("nats.tls: cannot use " + files(tls) + ": " + e.getMessage(), e);
        }
    }

    private static String files(NatsTls tls) {
        StringBuilder s = new StringBuilder();
        for (Path p : new Path[] {tls.ca(), tls.certificate(), tls.privateKey()}) {
            if (p != null) {
                s.append(s.isEmpty() ? "" : ", ").append(p);
            }
        }
        return s.toString();
    }

    /** The first line of a secret file, white space around it dropped; the bytes read are cleared. */
    static char[] firstLine(Path file, String what) throws IOException {
        requireReadable(file, what);
        byte[] bytes = Files.readAllBytes(file);
        try {
            int start = 0;
            while (start < bytes.length && Character.isWhitespace(bytes[start])) {
                start++;
            }
            int end = start;
            while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
                end++;
            }
            while (end > start && Character.isWhitespace(bytes[end - 1])) {
                end--;
            }
            if (end == start) {
                throw new IOException("the NATS " + what + " file " + file + " is empty");
            }
            CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes, start, end - start));
            char[] chars = new char[decoded.remaining()];
            decoded.get(chars);
            Arrays.fill(decoded.array(), '\0');
            return chars;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static void requireReadable(Path file, String what) throws IOException {
        if (!Files.isReadable(file) || Files.isDirectory(file)) {
            throw new IOException("cannot read the NATS " + what + " file " + file);
        }
    }

    /**
     * NKey authentication without a JWT: the server sends a nonce, the node signs it with its seed
     * and names its public key. jnats's file handlers expect a JWT beside the seed.
     */
    private static final class SeedAuthHandler implements AuthHandler {
        private final NKey key;

        SeedAuthHandler(NKey key) {
            this.key = key;
        }

        @Override
        public byte[] sign(byte[] nonce) {
            try {
                return key.sign(nonce);
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("the NATS nkey cannot sign: " + e.getMessage(), e);
            }
        }

        @Override
        public char[] getID() {
            try {
                return key.getPublicKey();
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("the NATS nkey has no public key: " + e.getMessage(), e);
            }
        }

        @Override
        public char[] getJWT() {
            return null;
        }
    }
}
