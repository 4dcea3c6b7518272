package dev.hearth.server.http;

import dev.hearth.server.metrics.HttpMetrics;
import dev.hearth.server.store.Database;
import java.io.IOException;
import java.io.InputStream;

/** The server's own endpoints: health (public), readiness (public), metrics and the OpenAPI document. */
public final class ServerRoutes {
    private ServerRoutes() {}

    public static void register(RouteTable routes, Database db, HttpMetrics metrics) {
        byte[] openApi = readOpenApi();
        routes.publicGet("/healthz", "Liveness: the process is up", ctx -> ctx.contentType("application/json").result("{\"status\":\"ok\"}"));
        routes.publicGet("/readyz", "Readiness: the store answers", ctx -> {
            if (db.ping()) {
                ctx.contentType("application/json").result("{\"status\":\"ready\"}");
            } else {
                throw ApiError.unavailable("the store at " + db.describe() + " is not reachable");
            }
        });
        routes.get("/metrics", "Prometheus metrics", ctx ->
                ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        routes.get("/openapi.json", "This server's OpenAPI 3.1 document", ctx ->
                ctx.contentType("application/json").result(openApi));
    }

    private static byte[] readOpenApi() {
        try (InputStream in = ServerRoutes.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the server's resources");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read openapi.json", e);
        }
    }
}
