package io.tickwire.server.auth;

import io.tickwire.journal.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The revocations file of a data directory ({@link RevocationList#FILE_NAME}): {@link RevocationCodec}'s JSON,
 * replaced whole and durably ({@link AtomicFiles#replaceDurably}), so a crash leaves the old list or the new one.
 */
final class RevocationFile {

    private RevocationFile() {
    }

    /** The revocations in {@code file}; none when it does not exist. */
    static List<Revocation> read(Path file) throws IOException {
        byte[] json;
        try {
            json = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        try {
            return RevocationCodec.decode(json);
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Replaces {@code file} with {@code revocations}, durably. */
    static void write(Path file, List<Revocation> revocations) throws IOException {
        AtomicFiles.replaceDurably(file, RevocationCodec.encode(revocations));
    }
}
