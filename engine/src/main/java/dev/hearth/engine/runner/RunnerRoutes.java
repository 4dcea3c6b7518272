package dev.hearth.engine.runner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;
import dev.hearth.engine.llama.LlamaException;
import dev.hearth.engine.llama.Sampler;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The runner's HTTP endpoints: thin handlers over the scheduler, the embedder and the vocabulary. */
final class RunnerRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(RunnerRoutes.class);

    private final Runner runner;

    private RunnerRoutes(Runner runner) {
        this.runner = runner;
    }

    static Javalin create(Runner runner, String apiKey) {
        RunnerRoutes routes = new RunnerRoutes(runner);
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
        app.get("/health", routes::health);
        app.get("/v1/models", routes::models);
        app.post("/v1/completions", routes::completions);
        app.post("/v1/chat/completions", routes::chat);
        app.post("/apply-template", routes::applyTemplate);
        app.post("/v1/embeddings", routes::embeddings);
        app.post("/tokenize", routes::tokenize);
        app.post("/detokenize", routes::detokenize);
        app.get("/v1/adapters", routes::listAdapters);
        app.post("/v1/adapters", routes::loadAdapter);
        app.delete("/v1/adapters/{name}", routes::unloadAdapter);
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(runner.metrics().scrape()));
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

    private static void error(Context ctx, int status, String type, String param, String code, String message) {
        ObjectNode error = Json.MAPPER.createObjectNode();
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("error", error);
        ctx.status(status).contentType("application/json").result(body.toString());
    }

    private void health(Context ctx) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (runner.loaded() != null) {
            body.put("status", "ok");
            ctx.status(200);
        } else if (runner.loadError() != null) {
            body.put("status", "error");
            body.put("message", runner.loadError());
            ctx.status(500);
        } else {
            body.put("status", "loading");
            ctx.status(503);
        }
        ctx.contentType("application/json").result(body.toString());
    }

    private Runner.Loaded ready() {
        Runner.Loaded loaded = runner.loaded();
        if (loaded == null) {
            throw new OpenAiException(503, "server_error", null, "model_loading",
                    runner.loadError() != null ? "the model failed to load: " + runner.loadError() : "the model is still loading");
        }
        return loaded;
    }

    private static JsonNode body(Context ctx) {
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

    private void models(Context ctx) {
        Runner.Loaded loaded = ready();
        ArrayNode data = Json.MAPPER.createArrayNode();
        ObjectNode base = data.addObject();
        base.put("id", runner.modelId());
        base.put("object", "model");
        base.put("created", 0);
        base.put("owned_by", "hearth");
        ObjectNode meta = base.putObject("meta");
        meta.put("architecture", loaded.model().architecture());
        meta.put("n_params", loaded.model().parameterCount());
        meta.put("size", loaded.model().sizeBytes());
        meta.put("n_ctx_train", loaded.model().contextLengthTrained());
        meta.put("n_ctx", loaded.context().contextSize());
        meta.put("n_vocab", loaded.model().vocab().size());
        meta.put("embeddings", loaded.embedder() != null);
        meta.put("chat_template", loaded.chatTemplate());
        for (Adapters.Loaded adapter : loaded.adapters().list()) {
            ObjectNode entry = data.addObject();
            entry.put("id", adapter.name);
            entry.put("object", "model");
            entry.put("created", 0);
            entry.put("owned_by", "hearth");
            entry.put("parent", runner.modelId());
            entry.put("root", adapter.path.toString());
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("object", "list");
        body.set("data", data);
        ctx.json(body);
    }

    private void completions(Context ctx) throws Exception {
        Runner.Loaded loaded = ready();
        if (loaded.scheduler() == null) {
            throw OpenAiException.invalid(null, "this runner serves an embedding model; use /v1/embeddings");
        }
        CompletionServing.serve(ctx, loaded, loaded.completions().parse(body(ctx)));
    }

    private void chat(Context ctx) throws Exception {
        Runner.Loaded loaded = ready();
        if (loaded.chat() == null) {
            throw OpenAiException.invalid(null, "this runner serves an embedding model; use /v1/embeddings");
        }
        ChatServing.serve(ctx, loaded, loaded.chat().parse(body(ctx)));
    }

    private void applyTemplate(Context ctx) {
        Runner.Loaded loaded = ready();
        if (loaded.chat() == null) {
            throw OpenAiException.invalid(null, "this runner serves an embedding model, which has no chat template");
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("prompt", loaded.chat().applyTemplate(body(ctx)));
        ctx.json(body);
    }

    private void embeddings(Context ctx) {
        Runner.Loaded loaded = ready();
        if (loaded.embedder() == null) {
            throw OpenAiException.invalid(null, "this runner serves a generation model; start it with --embeddings to serve /v1/embeddings");
        }
        Embeddings.Parsed parsed = Embeddings.parse(body(ctx), loaded.names(), loaded.model().vocab(),
                loaded.embedder().maxTokensPerInput(), loaded.model().embeddingOutputSize());
        List<float[]> vectors = loaded.embedder().embed(parsed.inputs());
        ctx.contentType("application/json").result(Embeddings.response(parsed, vectors).toString());
    }

    private void tokenize(Context ctx) {
        Runner.Loaded loaded = ready();
        JsonFields f = new JsonFields(body(ctx), Set.of("content", "add_special", "parse_special", "with_pieces", "model"));
        String content = f.string("content", null);
        if (content == null) {
            throw OpenAiException.invalid("content", "`content` is required");
        }
        int[] tokens = loaded.model().vocab().tokenize(content, f.bool("add_special", false), f.bool("parse_special", true));
        boolean withPieces = f.bool("with_pieces", false);
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode array = body.putArray("tokens");
        for (int token : tokens) {
            if (withPieces) {
                ObjectNode entry = array.addObject();
                entry.put("id", token);
                byte[] piece = loaded.model().vocab().piece(token, true);
                String text = new String(piece, StandardCharsets.UTF_8);
                if (java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), piece)) {
                    entry.put("piece", text);
                } else {
                    ArrayNode bytes = entry.putArray("piece");
                    for (byte b : piece) {
                        bytes.add(b & 0xff);
                    }
                }
            } else {
                array.add(token);
            }
        }
        ctx.json(body);
    }

    private void detokenize(Context ctx) {
        Runner.Loaded loaded = ready();
        JsonFields f = new JsonFields(body(ctx), Set.of("tokens", "model"));
        JsonNode tokens = f.get("tokens");
        if (tokens == null || !tokens.isArray()) {
            throw OpenAiException.invalid("tokens", "`tokens` must be an array of token ids");
        }
        int[] ids = JsonFields.tokenIds(tokens, "tokens", loaded.model().vocab().size());
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("content", loaded.model().vocab().detokenize(ids, false, true));
        ctx.json(body);
    }

    private void listAdapters(Context ctx) {
        ArrayNode data = Json.MAPPER.createArrayNode();
        for (Adapters.Loaded adapter : ready().adapters().list()) {
            data.add(adapterJson(adapter));
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("data", data);
        ctx.json(body);
    }

    private void loadAdapter(Context ctx) throws Exception {
        Runner.Loaded loaded = ready();
        if (loaded.scheduler() == null) {
            throw OpenAiException.invalid(null, "LoRA adapters are only served by generation runners");
        }
        JsonFields f = new JsonFields(body(ctx), Set.of("name", "path"));
        String name = f.string("name", null);
        String path = f.string("path", null);
        if (name == null || name.isBlank() || name.equals(runner.modelId())) {
            throw OpenAiException.invalid("name", "`name` is required and must differ from the model id");
        }
        if (path == null || !Files.isRegularFile(Path.of(path))) {
            throw OpenAiException.invalid("path", "`path` must name a LoRA adapter GGUF file on the runner's machine");
        }
        if (loaded.adapters().contains(name)) {
            throw new OpenAiException(409, "invalid_request_error", "name", "adapter_exists", "an adapter named `" + name + "` is already loaded");
        }
        Adapters.Loaded adapter;
        try {
            adapter = loaded.scheduler().call(() -> loaded.adapters().load(name, Path.of(path)));
        } catch (LlamaException e) {
            throw OpenAiException.invalid("path", e.getMessage());
        } catch (IllegalStateException e) {
            throw new OpenAiException(409, "invalid_request_error", "name", "adapter_exists", e.getMessage());
        }
        ctx.status(201).json(adapterJson(adapter));
    }

    private void unloadAdapter(Context ctx) throws Exception {
        Runner.Loaded loaded = ready();
        String name = ctx.pathParam("name");
        if (loaded.scheduler() == null || !loaded.scheduler().call(() -> loaded.adapters().unload(name))) {
            throw new OpenAiException(404, "invalid_request_error", "name", "adapter_not_found", "no LoRA adapter named `" + name + "` is loaded");
        }
        ctx.status(204);
    }

    private static ObjectNode adapterJson(Adapters.Loaded adapter) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("name", adapter.name);
        node.put("path", adapter.path.toString());
        return node;
    }

}
