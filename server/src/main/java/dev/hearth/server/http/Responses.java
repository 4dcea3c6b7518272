package dev.hearth.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;
import dev.hearth.server.resource.FieldMask;
import dev.hearth.server.resource.Page;
import io.javalin.http.Context;
import java.util.Set;
import java.util.function.Function;

/** Writes resources and lists, applying {@code readMask} against the resource's fields. */
public final class Responses {
    private Responses() {}

    public static void resource(Context ctx, Object wire, Set<String> fields) {
        FieldMask mask = FieldMask.parse("readMask", Requests.query(ctx, "readMask"), fields);
        json(ctx, mask.apply(Json.MAPPER.valueToTree(wire)));
    }

    public static <T> void list(Context ctx, String listKey, Page<T> page, Function<T, Object> toWire, Set<String> fields) {
        FieldMask mask = FieldMask.parse("readMask", Requests.query(ctx, "readMask"), fields);
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode items = body.putArray(listKey);
        for (T item : page.items()) {
            items.add(mask.apply(Json.MAPPER.valueToTree(toWire.apply(item))));
        }
        if (page.nextPageToken() != null) {
            body.put("nextPageToken", page.nextPageToken());
        }
        body.put("totalSize", page.totalSize());
        json(ctx, body);
    }

    public static void empty(Context ctx) {
        json(ctx, Json.MAPPER.createObjectNode());
    }

    public static void json(Context ctx, Object body) {
        try {
            ctx.contentType("application/json").result(Json.MAPPER.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode response", e);
        }
    }
}
