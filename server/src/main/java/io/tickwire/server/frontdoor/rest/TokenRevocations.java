package io.tickwire.server.frontdoor.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tickwire.server.auth.Revocation;
import io.tickwire.server.auth.RevocationSet;
import io.tickwire.server.auth.TokenService;
import io.tickwire.server.auth.TooManyRevocationsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/admin/tokens/revoke} (protocol 1.2, scope {@code admin}): {@code {"jti":".."}}
 * revokes one token, {@code {"user_id":"..","issued_before":"RFC3339"}} every token of a user issued
 * before that time. The answer comes once the revocation is on disk and every open connection
 * that used a revoked token has been handed its 4001; the write runs on the REST I/O threads,
 * never on the event loop. A node whose revocations are a copy fed from its core (a gateway node)
 * refuses with 403: revocations are made where they are kept.
 */
final class TokenRevocations {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern USER_ID = Pattern.compile("0|[1-9][0-9]{0,17}");
    /** Tolerated clock difference between the operator's machine and this one, for {@code issued_before}. */
    private static final Duration SKEW = Duration.ofMinutes(1);
    private static final int MAX_TOKEN_ID = 256;

    private final TokenService tokens;
    private final ReadPool io;
    private final Clock clock;

    TokenRevocations(TokenService tokens, ReadPool io, Clock clock) {
        this.tokens = tokens;
        this.io = io;
        this.clock = clock;
    }

    void revoke(RestExchange ex) {
        RevocationSet revocations = tokens.revocations();
        if (!revocations.durable()) {
            ex.error(HttpResponseStatus.FORBIDDEN, "forbidden",
                    "this node keeps no revocations of its own; revoke on the core, which hands them to its gateways");
            return;
        }
        Revocation revocation = parse(ex); // on the loop: the body is released when this returns
        io.offload(ex, "revocations", () -> {
            try {
                revocations.add(List.of(revocation));
            } catch (TooManyRevocationsException e) {
                ex.error(HttpResponseStatus.CONFLICT, "too_many_revocations", e.getMessage());
                return;
            } catch (IOException e) {
                ex.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "the revocation could not be written");
                return;
            }
            int inForce = revocations.entries().size();
            ex.respond(HttpResponseStatus.OK, ex.json(g -> {
                g.writeStartObject();
                g.writeObjectFieldStart("revoked");
                switch (revocation) {
                    case Revocation.OfToken t -> g.writeStringField("jti", t.tokenId());
                    case Revocation.OfUser u -> {
                        g.writeStringField("user_id", Long.toString(u.userId()));
                        g.writeStringField("issued_before", Instant.ofEpochMilli(u.issuedBefore()).toString());
                    }
                }
                g.writeEndObject();
                g.writeNumberField("revocations", inForce);
                g.writeEndObject();
            }));
        });
    }

    /** The body as a revocation; a {@link BadRequest} naming the field otherwise. */
    private Revocation parse(RestExchange ex) {
        JsonNode body;
        try {
            body = JSON.readTree(ex.request().content().toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            throw new BadRequest("the body must be a JSON object: {\"jti\":\"..\"} or "
                    + "{\"user_id\":\"..\",\"issued_before\":\"RFC3339\"}");
        }
        boolean byToken = body.has("jti");
        if (byToken == (body.has("user_id") || body.has("issued_before"))) {
            throw new BadRequest("give either jti, or user_id and issued_before");
        }
        if (byToken) {
            JsonNode jti = body.get("jti");
            if (!jti.isTextual() || jti.asText().isEmpty() || jti.asText().length() > MAX_TOKEN_ID) {
                throw new BadRequest("jti", "jti: a string of 1 to " + MAX_TOKEN_ID + " characters");
            }
            return new Revocation.OfToken(jti.asText(), TokenService.expiryOfTokenId(jti.asText()));
        }
        JsonNode user = body.path("user_id");
        if (!user.isTextual() || !USER_ID.matcher(user.asText()).matches()) {
            throw new BadRequest("user_id", "user_id: a user id as a string of digits, no leading zero, e.g. \"1001\"");
        }
        JsonNode before = body.path("issued_before");
        Instant issuedBefore;
        try {
            issuedBefore = OffsetDateTime.parse(before.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            issuedBefore = null;
        }
        if (!before.isTextual() || issuedBefore == null) {
            throw new BadRequest("issued_before", "issued_before: an RFC 3339 time with its offset, e.g. "
                    + "\"2026-12-07T16:20:00Z\"");
        }
        if (issuedBefore.isAfter(clock.instant().plus(SKEW))) {
            throw new BadRequest("issued_before", "issued_before: must not be in the future (it would refuse "
                    + "tokens not issued yet)");
        }
        return new Revocation.OfUser(Long.parseLong(user.asText()), issuedBefore.toEpochMilli());
    }
}
