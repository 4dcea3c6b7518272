package dev.hearth.engine.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;
import dev.hearth.engine.llama.LlamaException;
import dev.hearth.engine.llama.Sampler;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** The runner's HTTP endpoints: thin handlers over the scheduler, the embedder and the vocabulary. */
final class RunnerRoutes {
    private final Runner runner;

    private RunnerRoutes(Runner runner) {
        this.runner = runner;
    }

    static Javalin create(Runner runner, String apiKey) {
        RunnerRoutes routes = new RunnerRoutes(runner);
        Javalin app = RunnerHttp.create(apiKey);
        app.get("/health", runner.load()::health);
        app.get("/v1/models", routes::models);
        app.post("/v1/completions", routes::completions);
        app.post("/v1/chat/completions", routes::chat);
        app.post("/apply-template", routes::applyTemplate);
        app.post("/v1/embeddings", routes::embeddings);
        app.post("/tokenize", routes::tokenize);
        app.post("/detokenize", routes::detokenize);
        app.get("/v1/adapters", routes::listAdapters);
        app.post("/v1/adapters", routes::loadAdapter);
        // <name> may contain slashes: the gateway names add-ons after their models (accounts/a/models/m).
        app.delete("/v1/adapters/<name>", routes::unloadAdapter);
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(runner.metrics().scrape()));
        return app;
    }

    private Runner.Loaded ready() {
        return runner.load().ready();
    }

    private static JsonNode body(Context ctx) {
        return RunnerHttp.body(ctx);
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
        ModelNames names = loaded.names();
        ctx.contentType("application/json").result(Embeddings.serve(body(ctx), loaded.embedder(), model -> {
            if (!names.adaptersFor(model).isEmpty()) {
                throw OpenAiException.invalid("model", "LoRA adapters do not apply to embeddings");
            }
            return model == null ? names.modelId() : model;
        }).toString());
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
