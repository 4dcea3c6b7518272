package dev.hearth.server.users;

import dev.hearth.api.User;
import dev.hearth.server.auth.Auth;
import dev.hearth.server.http.Bodies;
import dev.hearth.server.http.Requests;
import dev.hearth.server.http.Responses;
import dev.hearth.server.http.RouteTable;

/** {@code /v1/accounts/{account_id}/users}. */
public final class UserRoutes {
    private UserRoutes() {}

    public static void register(RouteTable routes, Users users) {
        String collection = "/v1/accounts/{account_id}/users";
        String item = collection + "/{user_id}";
        routes.post(collection, "Create user", ctx -> {
            User body = Bodies.read(ctx, User.class);
            UserRow row = users.create(Auth.principal(ctx), Requests.query(ctx, "userId"), body);
            Responses.resource(ctx, row.toWire(), Users.ALL_FIELDS);
        });
        routes.get(collection, "List users", ctx -> Responses.list(ctx, "users",
                users.list(Auth.principal(ctx), Requests.listRequest(ctx)), UserRow::toWire, Users.ALL_FIELDS));
        routes.get(item, "Get user", ctx -> Responses.resource(ctx,
                users.get(Auth.principal(ctx), ctx.pathParam("user_id")).toWire(), Users.ALL_FIELDS));
        routes.patch(item, "Update user", ctx -> {
            User body = Bodies.read(ctx, User.class);
            String etag = body.etag() != null ? body.etag() : ctx.header("If-Match");
            UserRow row = users.update(Auth.principal(ctx), ctx.pathParam("user_id"), body,
                    Requests.query(ctx, "updateMask"), etag);
            Responses.resource(ctx, row.toWire(), Users.ALL_FIELDS);
        });
        routes.delete(item, "Delete user", ctx -> {
            users.delete(Auth.principal(ctx), ctx.pathParam("user_id"));
            Responses.empty(ctx);
        });
    }
}
