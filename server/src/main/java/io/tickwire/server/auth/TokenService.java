package io.tickwire.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Issues and verifies the protocol's tokens: HS256 JWTs with {@code sub} (the user id, digits),
 * {@code exp}, {@code scope} (space separated {@code read trade admin}), {@code iat} and
 * {@code jti}. Verification never throws for a bad token: it returns why the token is refused, in
 * words safe to send back. A token that its {@link RevocationSet} revokes is refused like an
 * expired one.
 *
 * <p>The secret file is the key to every account: it is created readable by its owner only from
 * its first byte, and one that group or others may read or write is refused
 * ({@link InsecureSecretException}).
 */
public final class TokenService {

    /** A user id in canonical form: digits, no leading zero (so {@code 01002} is not user 1002). */
    private static final Pattern USER_ID = Pattern.compile("0|[1-9][0-9]{0,17}");
    /** The secret's file name in the data directory. */
    public static final String SECRET_FILE = "jwt.secret";

    /** Group and others: none of their permission bits may be set on a secret file. */
    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    /** Tickwire's {@code jti}: the token's {@code exp} in seconds, a dot, 128 random bits in hex. */
    private static final Pattern TOKEN_ID = Pattern.compile("([0-9]{1,12})\\.[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final byte[] secret;
    private final Clock clock;
    private final RevocationSet revocations;

    /** The result of checking a token. */
    public sealed interface Verdict {
        record Valid(Principal principal) implements Verdict {
        }

        record Refused(String reason) implements Verdict {
        }
    }

    /** A service that consults an empty, in-memory revocation set of its own ({@link #revocations}). */
    public TokenService(byte[] secret, Clock clock) {
        this(secret, clock, RevocationList.inMemory(clock));
    }

    /** A service that refuses the tokens {@code revocations} revokes. */
    public TokenService(byte[] secret, Clock clock, RevocationSet revocations) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("an HS256 secret needs at least 32 bytes");
        }
        this.secret = secret.clone();
        this.clock = clock;
        this.revocations = revocations;
    }

    /** The same secret and clock, consulting {@code revocations}. */
    public TokenService withRevocations(RevocationSet revocations) {
        return new TokenService(secret, clock, revocations);
    }

    /**
     * The revocations this service consults: update them from outside ({@link RevocationSet#add})
     * and listen to their changes ({@link RevocationSet#addListener}).
     */
    public RevocationSet revocations() {
        return revocations;
    }

    /**
     * When the token with this {@code jti} expires (ms), read from the id itself, which Tickwire
     * makes from the expiry; {@link Long#MAX_VALUE} for an id of another form. A revocation by
     * {@code jti} is kept that long.
     */
    public static long expiryOfTokenId(String tokenId) {
        Matcher m = tokenId == null ? null : TOKEN_ID.matcher(tokenId);
        return m != null && m.matches() ? Long.parseLong(m.group(1)) * 1000 : Long.MAX_VALUE;
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
            RANDOM.nextBytes(random);
            Path temporary = dataDir.resolve(SECRET_FILE + ".tmp");
            Files.deleteIfExists(temporary); // a start that died here; the lock holder is alone
            byte[] hex = (HexFormat.of().formatHex(random) + "\n").getBytes(StandardCharsets.US_ASCII);
            writeOwnerOnly(temporary, hex);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        }
        return read(file);
    }

    /**
     * Writes a new file that is owner-only from its creation (the mode is given to the
     * {@code open} that creates it, so there is no instant at which another user could open it),
     * and forces it: the secret must survive the crash of a machine that issued tokens with it.
     */
    private static void writeOwnerOnly(Path file, byte[] content) throws IOException {
        boolean posix = Files.getFileStore(file.toAbsolutePath().getParent())
                .supportsFileAttributeView(PosixFileAttributeView.class);
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        try (FileChannel out = FileChannel.open(file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " appeared while the secret was being created", e);
        }
    }

    /** Refuses a secret file that group or others may read or write (where the file system has modes). */
    private static void checkOwnerOnly(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return; // not a POSIX file system: its ACLs are the operator's
        }
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        if (permissions.stream().anyMatch(NOT_OWNER::contains)) {
            throw new InsecureSecretException(file.toAbsolutePath().normalize(), permissions);
        }
    }

    private static TokenService read(Path file) throws IOException {
        checkOwnerOnly(file);
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
            Instant now = clock.instant();
            Instant expiry = now.plus(ttl);
            byte[] random = new byte[16];
            RANDOM.nextBytes(random);
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .subject(Long.toString(userId))
                    .issueTime(Date.from(now))
                    .expirationTime(Date.from(expiry))
                    // The id carries the expiry, so that a revocation by jti knows when it may be forgotten.
                    .jwtID(expiry.getEpochSecond() + "." + HexFormat.of().formatHex(random))
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
            long userId = Long.parseLong(sub);
            String tokenId = claims.getJWTID();
            long issuedAt = claims.getIssueTime() == null ? 0 : claims.getIssueTime().getTime();
            if (revocations.isRevoked(tokenId, userId, issuedAt)) {
                return new Verdict.Refused("token revoked");
            }
            return new Verdict.Valid(new Principal(userId, scopes, exp.getTime(), tokenId, issuedAt));
        } catch (JOSEException | ParseException e) {
            return new Verdict.Refused("token cannot be verified");
        }
    }
}
