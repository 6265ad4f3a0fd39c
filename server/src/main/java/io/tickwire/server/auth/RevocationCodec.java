package io.tickwire.server.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Revocations as JSON, the one form both the revocations file and the core's answers to gateway
 * nodes use:
 *
 * <pre>
 * {"version":1,"revocations":[{"jti":"...","expires_at":1734537390000},
 *                             {"user_id":"1001","issued_before":"2026-12-07T16:20:00Z"}]}
 * </pre>
 */
public final class RevocationCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RevocationCodec() {
    }

    /** {@code revocations} as the JSON above. */
    public static byte[] encode(List<Revocation> revocations) {
        ObjectNode root = JSON.createObjectNode().put("version", 1);
        ArrayNode list = root.putArray("revocations");
        for (Revocation revocation : revocations) {
            switch (revocation) {
                case Revocation.OfToken t -> list.addObject().put("jti", t.tokenId()).put("expires_at", t.expiresAt());
                case Revocation.OfUser u -> list.addObject().put("user_id", Long.toString(u.userId()))
                        .put("issued_before", Instant.ofEpochMilli(u.issuedBefore()).toString());
            }
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers did not serialise", e);
        }
    }

    /**
     * The revocations in {@code json}.
     *
     * @throws IOException naming what is wrong, when it is not the JSON above
     */
    public static List<Revocation> decode(byte[] json) throws IOException {
        List<Revocation> revocations = new ArrayList<>();
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || root.path("version").asInt() != 1 || !root.path("revocations").isArray()) {
                throw new IOException("not revocations of version 1");
            }
            for (JsonNode entry : root.path("revocations")) {
                if (entry.hasNonNull("jti")) {
                    revocations.add(new Revocation.OfToken(entry.get("jti").asText(),
                            entry.path("expires_at").asLong(Long.MAX_VALUE)));
                } else if (entry.hasNonNull("user_id") && entry.hasNonNull("issued_before")) {
                    revocations.add(new Revocation.OfUser(Long.parseLong(entry.get("user_id").asText()),
                            Instant.parse(entry.get("issued_before").asText()).toEpochMilli()));
                } else {
                    throw new IOException("an entry has neither jti nor user_id and issued_before: " + entry);
                }
            }
        } catch (JsonProcessingException e) {
            throw new IOException("not valid JSON: " + e.getOriginalMessage(), e);
        } catch (RuntimeException e) { // a bad number or instant
            throw new IOException("a malformed entry: " + e.getMessage(), e);
        }
        return revocations;
    }
}
