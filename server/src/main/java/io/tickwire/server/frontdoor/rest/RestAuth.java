package io.tickwire.server.frontdoor.rest;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tickwire.server.auth.Principal;
import io.tickwire.server.auth.Scope;
import io.tickwire.server.auth.TokenService;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** The bearer token of a request, checked against the scope its endpoint needs: 401 without one, 403 short of it. */
final class RestAuth {
    private final TokenService tokens;

    RestAuth(TokenService tokens) {
        this.tokens = tokens;
    }

    /** Reads of the caller's own account: scope {@code read} or {@code trade} ({@link Principal#canReadAccount}). */
    void accountRead(RestExchange ex, Consumer<Principal> action) {
        withPrincipal(ex, Principal::canReadAccount, "read or trade", action);
    }

    void scope(RestExchange ex, Scope scope, Consumer<Principal> action) {
        withPrincipal(ex, p -> p.can(scope), scope.wire(), action);
    }

    private void withPrincipal(RestExchange ex, Predicate<Principal> allowed, String scopeName,
                               Consumer<Principal> action) {
        String header = ex.request().headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ex.error(HttpResponseStatus.UNAUTHORIZED, "unauthorized", "Authorization: Bearer <token> is required");
            return;
        }
        switch (tokens.verify(header.substring(7).trim())) {
            case TokenService.Verdict.Refused refused ->
                    ex.error(HttpResponseStatus.UNAUTHORIZED, "unauthorized", refused.reason());
            case TokenService.Verdict.Valid valid -> {
                if (!allowed.test(valid.principal())) {
                    ex.error(HttpResponseStatus.FORBIDDEN, "forbidden", "the token lacks scope " + scopeName);
                } else {
                    action.accept(valid.principal());
                }
            }
        }
    }
}
