package io.tickwire.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Issues and verifies the protocol's tokens: HS256 JWTs with {@code sub} (the user id, digits),
 * {@code exp} and {@code scope} (space separated {@code read trade admin}). Verification never
 * throws for a bad token: it returns why the token is refused, in words safe to send back.
 */
public final class TokenService {

    /** A user id in canonical form: digits, no leading zero (so {@code 01002} is not user 1002). */
    private static final Pattern USER_ID = Pattern.compile("0|[1-9][0-9]{0,17}");
    /** The secret's file name in the data directory. */
    public static final String SECRET_FILE = "jwt.secret";

    private final byte[] secret;
    private final Clock clock;

    /** The result of checking a token. */
    public sealed interface Verdict {
        record Valid(Principal principal) implements Verdict {
        }

        record Refused(String reason) implements Verdict {
        }
    }

    public TokenService(byte[] secret, Clock clock) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("an HS256 secret needs at least 32 bytes");
        }
        this.secret = secret.clone();
        this.clock = clock;
    }

    /**
     * The service for a data directory whose secret exists: read from {@value #SECRET_FILE} there.
     * Writes nothing: a wrong directory must not get a new secret that no server knows.
     *
     * @throws NoSuchFileException when the directory has no secret; the message says where it looked
     */
    public static TokenService forDataDirectory(Path dataDir) throws IOException {
        Path file = dataDir.resolve(SECRET_FILE);
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toAbsolutePath().normalize().toString(), null,
                    "no token secret here: is this the server's data directory? The server creates it on its "
                            + "first start");
        }
        return read(file);
    }

    /**
     * The service for a secret file of a server's data directory (its {@value #SECRET_FILE}), copied
     * to a gateway node: the node verifies the tokens the core issues.
     *
     * @throws NoSuchFileException when the file does not exist
     */
    public static TokenService forSecretFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toAbsolutePath().normalize().toString(), null,
                    "no token secret here: give the core's " + SECRET_FILE);
        }
        return read(file);
    }

    /**
     * The service for a data directory, creating its secret (32 random bytes, hex, readable by the
     * owner only) when there is none. Only a holder of the directory's lock may call it: the
     * server at start, or {@code tickwire token --init}.
     */
    public static TokenService initDataDirectory(Path dataDir) throws IOException {
        Path file = dataDir.resolve(SECRET_FILE);
        if (!Files.exists(file)) {
            Files.createDirectories(dataDir);
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            Path temporary = dataDir.resolve(SECRET_FILE + ".tmp");
            Files.writeString(temporary, HexFormat.of().formatHex(random) + "\n");
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        }
        return read(file);
    }

    private static TokenService read(Path file) throws IOException {
        String text = Files.readString(file).strip();
        byte[] secret;
        try {
            secret = HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": not a hex-encoded secret");
        }
        if (secret.length < 32) {
            throw new IOException(file + ": the secret is shorter than 32 bytes");
        }
        return new TokenService(secret, Clock.systemUTC());
    }

    /** A signed token for {@code userId} with these scopes, valid for {@code ttl}. */
    public String issue(long userId, Set<Scope> scopes, Duration ttl) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .subject(Long.toString(userId))
                    .issueTime(Date.from(clock.instant()))
                    .expirationTime(Date.from(clock.instant().plus(ttl)))
                    .claim("scope", scopes.stream().map(Scope::wire).sorted().collect(Collectors.joining(" ")))
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
        }
    }

    /** Checks a token's signature, algorithm, expiry, subject and scopes. */
    public Verdict verify(String token) {
        if (token == null || token.isBlank() || token.length() > 8192) {
            return new Verdict.Refused("missing or oversized token");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token.strip());
        } catch (ParseException e) {
            return new Verdict.Refused("malformed token");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            return new Verdict.Refused("token must be signed with HS256");
        }
        try {
            if (!jwt.verify(new MACVerifier(secret))) {
                return new Verdict.Refused("bad token signature");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date exp = claims.getExpirationTime();
            if (exp == null) {
                return new Verdict.Refused("token has no expiry");
            }
            if (!exp.toInstant().isAfter(clock.instant())) {
                return new Verdict.Refused("token expired");
            }
            String sub = claims.getSubject();
            if (sub == null || !USER_ID.matcher(sub).matches()) {
                return new Verdict.Refused("token subject must be a user id: digits, no leading zero");
            }
            Set<Scope> scopes = EnumSet.noneOf(Scope.class);
            Object scope = claims.getClaim("scope");
            if (scope instanceof String text && !text.isBlank()) {
                for (String name : text.trim().split("\\s+")) {
                    Scope s = Scope.fromWire(name);
                    if (s != null) {
                        scopes.add(s);
                    }
                }
            }
            return new Verdict.Valid(new Principal(Long.parseLong(sub), scopes, exp.getTime()));
        } catch (JOSEException | ParseException e) {
            return new Verdict.Refused("token cannot be verified");
        }
    }
}
