package dev.hearth.server.apikeys;

import dev.hearth.api.ApiKeyRequests;
import dev.hearth.server.auth.Auth;
import dev.hearth.server.auth.Principal;
import dev.hearth.server.http.ApiError;
import dev.hearth.server.http.Bodies;
import dev.hearth.server.http.Requests;
import dev.hearth.server.http.Responses;
import dev.hearth.server.http.RouteTable;
import java.util.Set;

/**
 * API keys under both path forms the docs use: the current {@code users/{user_id}/apiKeys} and the older
 * account-level {@code apiKeys}, which acts on the caller's own keys.
 */
public final class ApiKeyRoutes {
    static final Set<String> FIELDS = Set.of("keyId", "displayName", "key", "createTime", "secure", "email", "prefix",
            "expireTime");

    private ApiKeyRoutes() {}

    public static void register(RouteTable routes, ApiKeys keys) {
        String perUser = "/v1/accounts/{account_id}/users/{user_id}/apiKeys";
        String perAccount = "/v1/accounts/{account_id}/apiKeys";
        routes.post(perUser, "Create API key", ctx ->
                create(ctx, keys, ctx.pathParam("user_id")));
        routes.get(perUser, "List API keys (user_id \"-\" lists every user's keys, admins only)", ctx ->
                Responses.list(ctx, "apiKeys", keys.list(Auth.principal(ctx), ctx.pathParam("user_id"),
                        Requests.listRequest(ctx)), row -> row.toWire(null), FIELDS));
        routes.post(perUser + ":delete", "Delete API key", ctx -> {
            keys.delete(Auth.principal(ctx), ctx.pathParam("user_id"), Bodies.read(ctx, ApiKeyRequests.Delete.class).keyId());
            Responses.empty(ctx);
        });
        routes.post(perAccount, "Create API key for the caller (older path)", ctx ->
                create(ctx, keys, Auth.principal(ctx).userId()));
        routes.get(perAccount, "List the caller's API keys (older path)", ctx -> {
            Principal caller = Auth.principal(ctx);
            Responses.list(ctx, "apiKeys", keys.list(caller, caller.userId(), Requests.listRequest(ctx)),
                    row -> row.toWire(null), FIELDS);
        });
        routes.post(perAccount + ":delete", "Delete API key (older path)", ctx -> {
            keys.delete(Auth.principal(ctx), null, Bodies.read(ctx, ApiKeyRequests.Delete.class).keyId());
            Responses.empty(ctx);
        });
    }

    private static void create(io.javalin.http.Context ctx, ApiKeys keys, String userId) {
        ApiKeyRequests.Create body = Bodies.read(ctx, ApiKeyRequests.Create.class);
        if (body.apiKey() == null) {
            throw ApiError.invalid("apiKey", "is required");
        }
        Responses.json(ctx, keys.create(Auth.principal(ctx), userId, body.apiKey()).toWire());
    }
}
