package dev.hearth.server.auth;

import dev.hearth.server.http.Access;
import dev.hearth.server.http.ApiError;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * The one authentication and tenancy gate, run before every matched route: health checks and signed URLs pass, everything
 * else needs a valid key, and a key may touch only its own account's paths (others answer 404, not 403).
 */
public final class Auth {
    private static final String PRINCIPAL = "hearth.principal";

    private Auth() {}

    public static Handler gate(Authenticator authenticator) {
        return ctx -> {
            if (ctx.routeRoles().contains(Access.PUBLIC) || ctx.routeRoles().contains(Access.SIGNED)) {
                return;
            }
            Principal principal = authenticator.authenticate(apiKey(ctx));
            String account = ctx.pathParamMap().get("account_id");
            if (account != null && !account.equals(principal.accountId()) && !ctx.routeRoles().contains(Access.SHARED_READ)) {
                throw ApiError.notFound("account accounts/" + account + " not found");
            }
            ctx.attribute(PRINCIPAL, principal);
        };
    }

    public static Principal principal(Context ctx) {
        Principal principal = ctx.attribute(PRINCIPAL);
        if (principal == null) {
            throw new IllegalStateException("route " + ctx.endpointHandlerPath() + " ran without authentication");
        }
        return principal;
    }

    /** The key from {@code Authorization: Bearer}, or from {@code x-api-key} as Anthropic clients send it. */
    static String apiKey(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return authorization.substring(7).strip();
            }
            throw ApiError.unauthenticated("Authorization header must be \"Bearer <API key>\"");
        }
        return ctx.header("x-api-key");
    }
}
