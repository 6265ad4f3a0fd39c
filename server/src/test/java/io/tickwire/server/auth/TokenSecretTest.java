package io.tickwire.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The token secret: owner-only from its creation, refused when others may read it; every token has a jti. */
class TokenSecretTest {
    @TempDir
    Path dir;

    @BeforeEach
    void posix() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file modes");
    }

    @Test
    void theSecretIsCreatedOwnerOnlyAndNoTemporaryIsLeft() throws Exception {
        TokenService.initDataDirectory(dir);
        Path secret = dir.resolve(TokenService.SECRET_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(TokenService.SECRET_FILE);
        }
    }

    @Test
    void aTemporaryLeftByACrashedStartIsReplacedNotTrusted() throws Exception {
        Path stale = dir.resolve(TokenService.SECRET_FILE + ".tmp");
        Files.writeString(stale, "0".repeat(64));
        Files.setPosixFilePermissions(stale, PosixFilePermissions.fromString("rw-r--r--"));
        TokenService.initDataDirectory(dir);
        Path secret = dir.resolve(TokenService.SECRET_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        assertThat(Files.readString(secret).strip()).isNotEqualTo("0".repeat(64));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r-----", "rw----r--", "rw--w----", "rw-rw-rw-"})
    void aSecretOthersMayReadIsRefusedWithTheFix(String mode) throws Exception {
        TokenService.initDataDirectory(dir);
        Path secret = dir.resolve(TokenService.SECRET_FILE);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString(mode));
        String where = secret.toAbsolutePath().normalize().toString();
        for (var open : new ThrowingOpen[] {() -> TokenService.forDataDirectory(dir),
            () -> TokenService.forSecretFile(secret), () -> TokenService.initDataDirectory(dir)}) {
            assertThatThrownBy(open::run).isInstanceOf(InsecureSecretException.class)
                    .hasMessageContaining(where).hasMessageContaining(mode)
                    .hasMessageEndingWith("chmod 600 " + where);
        }
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        assertThat(TokenService.forSecretFile(secret)).isNotNull();
    }

    @Test
    void everyTokenHasAnIdThatCarriesItsExpiry() throws Exception {
        TokenService tokens = TokenService.initDataDirectory(dir);
        String a = tokens.issue(1001, EnumSet.of(Scope.READ), Duration.ofHours(1));
        String b = tokens.issue(1001, EnumSet.of(Scope.READ), Duration.ofHours(1));
        Principal pa = ((TokenService.Verdict.Valid) tokens.verify(a)).principal();
        Principal pb = ((TokenService.Verdict.Valid) tokens.verify(b)).principal();
        assertThat(pa.tokenId()).isNotBlank().isNotEqualTo(pb.tokenId());
        assertThat(TokenService.expiryOfTokenId(pa.tokenId())).isEqualTo(pa.expiresAt());
        assertThat(pa.issuedAt()).isPositive();
        assertThat(TokenService.expiryOfTokenId("someone-elses-id")).isEqualTo(Long.MAX_VALUE);
    }

    @FunctionalInterface
    private interface ThrowingOpen {
        Object run() throws Exception;
    }
}
