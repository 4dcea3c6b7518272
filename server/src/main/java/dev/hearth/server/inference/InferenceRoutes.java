package dev.hearth.server.inference;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;
import dev.hearth.server.auth.Auth;
import dev.hearth.server.auth.Principal;
import dev.hearth.server.http.Responses;
import dev.hearth.server.http.RouteTable;
import dev.hearth.server.models.ModelRow;
import dev.hearth.server.models.Models;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The data plane at {@code /inference/v1}: OpenAI-compatible endpoints in front of the runners. */
public final class InferenceRoutes {
    public static final String PREFIX = "/inference/v1";

    private InferenceRoutes() {}

    public static void register(RouteTable routes, Gateway gateway, Models models) {
        routes.post(PREFIX + "/chat/completions", "Chat completion (OpenAI-compatible; streams with stream=true)",
                ctx -> gateway.forward(ctx, Auth.principal(ctx), "chat/completions"));
        routes.post(PREFIX + "/completions", "Text completion (OpenAI-compatible; streams with stream=true)",
                ctx -> gateway.forward(ctx, Auth.principal(ctx), "completions"));
        routes.post(PREFIX + "/embeddings", "Embeddings (OpenAI-compatible)",
                ctx -> gateway.forward(ctx, Auth.principal(ctx), "embeddings"));
        routes.post(PREFIX + "/rerank", "Rerank documents by relevance to a query",
                ctx -> gateway.rerank(ctx, Auth.principal(ctx)));
        routes.get(PREFIX + "/models", "Models this key can query", ctx -> {
            Principal caller = Auth.principal(ctx);
            ObjectNode out = Json.MAPPER.createObjectNode();
            out.put("object", "list");
            ArrayNode data = out.putArray("data");
            for (ModelRow row : models.servable(caller)) {
                ObjectNode m = data.addObject();
                m.put("id", row.name());
                m.put("object", "model");
                m.put("created", ChronoUnit.SECONDS.between(Instant.EPOCH, Instant.EPOCH.plus(row.createTime(), ChronoUnit.MICROS)));
                m.put("owned_by", row.accountId());
                m.put("kind", row.kind());
                if (row.spec().contextLength() != null) {
                    m.put("context_length", row.spec().contextLength());
                }
            }
            Responses.json(ctx, out);
        });
    }
}
