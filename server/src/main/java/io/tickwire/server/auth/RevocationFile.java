package io.tickwire.server.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tickwire.journal.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The revocations file of a data directory ({@link RevocationList#FILE_NAME}): JSON, replaced whole and durably
 * ({@link AtomicFiles#replaceDurably}), so a crash leaves the old list or the new one:
 *
 * <pre>
 * {"version":1,"revocations":[{"jti":"...","expires_at":1734537390000},
 *                             {"user_id":"1001","issued_before":"2026-12-07T16:20:00Z"}]}
 * </pre>
 */
final class RevocationFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RevocationFile() {
    }

    /** The revocations in {@code file}; none when it does not exist. */
    static List<Revocation> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Revocation> revocations = new ArrayList<>();
        try {
            JsonNode root = JSON.readTree(file.toFile());
            if (root == null || root.path("version").asInt() != 1 || !root.path("revocations").isArray()) {
                throw new IOException(file + ": not a revocations file of version 1");
            }
            for (JsonNode entry : root.path("revocations")) {
                if (entry.hasNonNull("jti")) {
                    revocations.add(new Revocation.OfToken(entry.get("jti").asText(),
                            entry.path("expires_at").asLong(Long.MAX_VALUE)));
                } else if (entry.hasNonNull("user_id") && entry.hasNonNull("issued_before")) {
                    revocations.add(new Revocation.OfUser(Long.parseLong(entry.get("user_id").asText()),
                            Instant.parse(entry.get("issued_before").asText()).toEpochMilli()));
                } else {
                    throw new IOException(file + ": an entry has neither jti nor user_id and issued_before: " + entry);
                }
            }
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (RuntimeException e) { // a bad number or instant
            throw new IOException(file + ": a malformed entry: " + e.getMessage(), e);
        }
        return revocations;
    }

    /** Replaces {@code file} with {@code revocations}, durably. */
    static void write(Path file, List<Revocation> revocations) throws IOException {
        ObjectNode root = JSON.createObjectNode().put("version", 1);
        ArrayNode list = root.putArray("revocations");
        for (Revocation revocation : revocations) {
            switch (revocation) {
                case Revocation.OfToken t -> list.addObject().put("jti", t.tokenId()).put("expires_at", t.expiresAt());
                case Revocation.OfUser u -> list.addObject().put("user_id", Long.toString(u.userId()))
                        .put("issued_before", Instant.ofEpochMilli(u.issuedBefore()).toString());
            }
        }
        AtomicFiles.replaceDurably(file, JSON.writeValueAsBytes(root));
    }
}
