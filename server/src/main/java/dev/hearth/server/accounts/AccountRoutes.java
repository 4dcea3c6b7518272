package dev.hearth.server.accounts;

import dev.hearth.server.auth.Auth;
import dev.hearth.server.http.Requests;
import dev.hearth.server.http.Responses;
import dev.hearth.server.http.RouteTable;
import java.util.Set;

/** {@code /v1/accounts}: list and get. Creating and deleting accounts is an operator's job ({@code hearth admin}). */
public final class AccountRoutes {
    static final Set<String> FIELDS = Set.of("name", "displayName", "email", "accountType", "state", "status",
            "suspendState", "createTime", "updateTime", "etag");

    private AccountRoutes() {}

    public static void register(RouteTable routes, Accounts accounts) {
        routes.get("/v1/accounts", "List accounts", ctx -> Responses.list(ctx, "accounts",
                accounts.list(Auth.principal(ctx), Requests.listRequest(ctx)), AccountRow::toWire, FIELDS));
        routes.get("/v1/accounts/{account_id}", "Get account", ctx -> Responses.resource(ctx,
                accounts.get(Auth.principal(ctx), ctx.pathParam("account_id")).toWire(), FIELDS));
    }
}
