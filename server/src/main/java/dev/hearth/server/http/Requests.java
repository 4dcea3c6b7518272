package dev.hearth.server.http;

import dev.hearth.server.resource.ListRequest;
import io.javalin.http.Context;

/** Query-parameter helpers. The docs use camelCase parameters and one example uses snake_case, so both are read. */
public final class Requests {
    private Requests() {}

    public static String query(Context ctx, String camel) {
        String value = ctx.queryParam(camel);
        if (value == null) {
            value = ctx.queryParam(dev.hearth.server.resource.Names.snake(camel));
        }
        return value;
    }

    public static ListRequest listRequest(Context ctx) {
        return new ListRequest(
                ListRequest.parsePageSize(query(ctx, "pageSize")),
                query(ctx, "pageToken"),
                query(ctx, "filter"),
                query(ctx, "orderBy"),
                query(ctx, "readMask"));
    }
}
