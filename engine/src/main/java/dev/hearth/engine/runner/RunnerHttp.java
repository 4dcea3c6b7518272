package dev.hearth.engine.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.UUID;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP plumbing every runner shares, whatever it serves: virtual threads, the supervisor's API key on every
 * endpoint but {@code /health}, {@code /health} itself, JSON bodies, and errors in OpenAI's shape.
 */
public final class RunnerHttp {
    private static final Logger LOG = LoggerFactory.getLogger(RunnerHttp.class);

    /** Connections the kernel queues before Jetty accepts them. */
    private static final int ACCEPT_QUEUE = 2048;

    private RunnerHttp() {}

    /**
     * Starts {@code app} on host:port with a deep accept queue. Jetty's default (the JVM's 50) makes the kernel drop
     * connections when hundreds of streams open at once, and a dropped connection looks like a failed runner.
     */
    public static void start(Javalin app, String host, int port) {
        app.unsafeConfig().jetty.addConnector((server, http) -> {
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(host);
            connector.setPort(port);
            connector.setAcceptQueueSize(ACCEPT_QUEUE);
            return connector;
        });
        app.start();
    }

    /** A Javalin app (not started) that requires {@code Authorization: Bearer apiKey} when the key is not null. */
    public static Javalin create(String apiKey) {
        Javalin app = Javalin.create(cfg -> {
            cfg.useVirtualThreads = true;
            cfg.showJavalinBanner = false;
            cfg.http.maxRequestSize = 64L * 1024 * 1024;
        });
        if (apiKey != null) {
            byte[] expected = ("Bearer " + apiKey).getBytes(StandardCharsets.UTF_8);
            app.beforeMatched(ctx -> {
                if (ctx.path().equals("/health")) {
                    return;
                }
                String header = ctx.header("Authorization");
                if (header == null || !MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8))) {
                    throw new OpenAiException(401, "invalid_request_error", null, "invalid_api_key", "Invalid API key");
                }
            });
        }
        app.exception(OpenAiException.class, (e, ctx) -> error(ctx, e.status, e.type, e.param, e.code, e.getMessage()));
        app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
                e.getStatus() >= 500 ? "server_error" : "invalid_request_error", null, null, e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            String reference = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("internal error {} during {} {}", reference, ctx.method(), ctx.path(), e);
            error(ctx, 500, "server_error", null, null, "internal error (reference " + reference + ")");
        });
        app.error(404, ctx -> {
            if (ctx.result() == null) {
                error(ctx, 404, "invalid_request_error", null, "not_found", "no endpoint " + ctx.method() + " " + ctx.path());
            }
        });
        app.error(405, ctx -> {
            if (ctx.result() == null) {
                error(ctx, 405, "invalid_request_error", null, null, "method " + ctx.method() + " is not allowed on " + ctx.path());
            }
        });
        return app;
    }

    static void error(Context ctx, int status, String type, String param, String code, String message) {
        ObjectNode error = Json.MAPPER.createObjectNode();
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("error", error);
        ctx.status(status).contentType("application/json").result(body.toString());
    }

    /** The request body as JSON; anything else is a 400. */
    public static JsonNode body(Context ctx) {
        try {
            JsonNode node = Json.MAPPER.readTree(ctx.bodyAsBytes());
            if (node == null) {
                throw OpenAiException.invalid(null, "the request body is empty; send a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw OpenAiException.invalid(null, "the request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw OpenAiException.invalid(null, "the request body could not be read");
        }
    }
}
