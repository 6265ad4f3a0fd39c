package io.tickwire.server.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a node proves who it is to NATS: the {@code nats.auth} section of the configuration file, or
 * the {@code --nats-*} options. Every secret is named by a file, read when a connection is made
 * (so a rotated file is used at the next reconnect), and never appears in a command line, a log
 * line or a printed address. Which one to use is the NATS operator's choice; {@code docs/cluster.md}
 * shows a server configuration with one user per role.
 */
public sealed interface NatsCredentials {

    /** No credentials of Tickwire's own: an open server, or a {@code user:password@} in the URL. */
    NatsCredentials NONE = new None();

    /** What an operator may see of these credentials: the kind and the file, never the secret. */
    String describe();

    /**
     * One setting as its user wrote it: {@code name} is how messages call it (an option such as
     * {@code --nats-user}, or a key such as {@code nats.auth.user}), {@code value} null when absent.
     */
    record Given(String name, String value) {
        boolean present() {
            return value != null;
        }
    }

    /**
     * The credentials the settings name, with the same rules for the command line and the file:
     * one kind at most, a user with its password file, every file readable. {@link #NONE} when
     * none is given.
     *
     * @throws IllegalArgumentException naming the settings at fault, for the user
     */
    static NatsCredentials from(Given user, Given passwordFile, Given tokenFile, Given nkeyFile, Given credsFile) {
        List<String> kinds = new ArrayList<>();
        for (Given kind : new Given[] {user.present() ? user : passwordFile, tokenFile, nkeyFile, credsFile}) {
            if (kind.present()) {
                kinds.add(kind.name());
            }
        }
        if (kinds.size() > 1) {
            throw new IllegalArgumentException("give one kind of NATS credentials, not " + String.join(" and ", kinds));
        }
        if (user.present() != passwordFile.present()) {
            throw new IllegalArgumentException(user.name() + " and " + passwordFile.name() + " go together");
        }
        if (user.present()) {
            return new UserPassword(user.value(), readableFile(passwordFile));
        }
        if (tokenFile.present()) {
            return new Token(readableFile(tokenFile));
        }
        if (nkeyFile.present()) {
            return new NKey(readableFile(nkeyFile));
        }
        return credsFile.present() ? new Creds(readableFile(credsFile)) : NONE;
    }

    /**
     * The file a setting names, when it can be read.
     *
     * @throws IllegalArgumentException naming the setting and the file otherwise
     */
    static Path readableFile(Given file) {
        Path path = Path.of(file.value());
        if (!Files.isReadable(path) || Files.isDirectory(path)) {
            throw new IllegalArgumentException(file.name() + ": cannot read the file " + path);
        }
        return path;
    }

    /** No credentials. */
    record None() implements NatsCredentials {
        @Override
        public String describe() {
            return "no credentials";
        }
    }

    /**
     * A user and the file that holds the password (its first line, surrounding white space dropped).
     *
     * @param user         the NATS user name (not a secret)
     * @param passwordFile the file with the password
     */
    record UserPassword(String user, Path passwordFile) implements NatsCredentials {
        public UserPassword {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(passwordFile, "passwordFile");
            if (user.isBlank() || user.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("a NATS user is a name without spaces, was '" + user + "'");
            }
        }

        @Override
        public String describe() {
            return "user " + user + ", password from " + passwordFile;
        }
    }

    /**
     * A token, from the file that holds it.
     *
     * @param tokenFile the file with the token
     */
    record Token(Path tokenFile) implements NatsCredentials {
        public Token {
            Objects.requireNonNull(tokenFile, "tokenFile");
        }

        @Override
        public String describe() {
            return "token from " + tokenFile;
        }
    }

    /**
     * An NKey: the file that holds the user's seed ({@code SU...}), with which the node signs the
     * server's challenge; the server knows only the public key.
     *
     * @param seedFile the file with the seed
     */
    record NKey(Path seedFile) implements NatsCredentials {
        public NKey {
            Objects.requireNonNull(seedFile, "seedFile");
        }

        @Override
        public String describe() {
            return "nkey from " + seedFile;
        }
    }

    /**
     * A {@code .creds} file (decentralised JWT auth: the user's JWT and its NKey seed), as
     * {@code nsc generate creds} writes it.
     *
     * @param credsFile the credentials file
     */
    record Creds(Path credsFile) implements NatsCredentials {
        public Creds {
            Objects.requireNonNull(credsFile, "credsFile");
        }

        @Override
        public String describe() {
            return "credentials from " + credsFile;
        }
    }
}
