package dev.hearth.server.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;
import dev.hearth.server.auth.Principal;
import dev.hearth.server.deployments.DeploymentController;
import dev.hearth.server.deployments.RouteException;
import dev.hearth.server.http.Responses;
import dev.hearth.server.runners.Lease;
import dev.hearth.server.runners.RunnerStartException;
import dev.hearth.server.runners.RunnerUnavailableException;
import dev.hearth.server.runners.ServerlessPool;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Forwards a data-plane request to the runner serving its model, streaming the answer back as it comes, and meters
 * it. The body is passed through untouched except for {@code model}, which is rewritten to the model's full name.
 */
public final class Gateway {
    /** Inference bodies may be larger than control-plane ones (long prompts, embedding batches). */
    static final int MAX_BODY_BYTES = 32 << 20;
    private static final String PROMPT_TOKENS = "fireworks-prompt-tokens";
    private static final String CACHED_PROMPT_TOKENS = "fireworks-cached-prompt-tokens";
    private static final String COMPLETION_TOKENS = "fireworks-completion-tokens";
    private static final MediaType JSON = MediaType.get("application/json");
    private static final String ISOLATION_HEADER = "x-prompt-cache-isolation-key";
    private static final String AFFINITY_HEADER = "x-session-affinity";

    private final ModelResolver resolver;
    private final ServerlessPool pool;
    private final DeploymentController deployments;
    private final UsageMeter meter;
    private final Duration loadWait;
    private final java.util.function.BiConsumer<dev.hearth.server.models.ModelRow, String> onLoadFailure;
    /**
     * OkHttp rather than java.net.http: on a warm 2-core machine its round trip to a runner takes about 0.3 ms against
     * 0.7 ms, and the gateway pays that hop on every request. Streams have no read timeout; runners bound generation.
     */
    private final OkHttpClient http = new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(5))
            .readTimeout(Duration.ZERO)
            .writeTimeout(Duration.ofSeconds(30))
            // Idle connections are dropped before the runner's 30 s idle timeout closes them under us.
            .connectionPool(new ConnectionPool(256, 20, TimeUnit.SECONDS))
            .build();

    /**
     * @param loadWait how long a request waits for a cold model's runner to load before a 503
     * @param onLoadFailure told when a model's runner cannot load it at all
     */
    public Gateway(ModelResolver resolver, ServerlessPool pool, DeploymentController deployments, UsageMeter meter,
            Duration loadWait, java.util.function.BiConsumer<dev.hearth.server.models.ModelRow, String> onLoadFailure) {
        this.deployments = deployments;
        this.onLoadFailure = onLoadFailure;
        this.resolver = resolver;
        this.pool = pool;
        this.meter = meter;
        this.loadWait = loadWait;
    }

    /** What one forwarded request produced: the status the client got and the tokens it used. */
    record Outcome(int status, UsageMeter.Usage usage) {}

    /** Forwards {@code POST /inference/v1/<endpoint>} to {@code POST /v1/<endpoint>} on the model's runner. */
    public void forward(Context ctx, Principal caller, String endpoint) throws IOException {
        long start = System.nanoTime();
        ObjectNode body = readBody(ctx);
        String model = requireModel(body);
        Outcome outcome = new Outcome(500, UsageMeter.Usage.NONE);
        try {
            ModelResolver.Target target = resolver.resolve(caller, model);
            checkEndpoint(target, endpoint);
            String affinity = affinityKey(target, ctx.header(AFFINITY_HEADER), body);
            body.put("model", target.runnerModel());
            if (!target.embedding()) {
                isolateCache(body, ctx.header(ISOLATION_HEADER), caller.accountId());
            }
            model = target.name();
            outcome = send(ctx, target, endpoint, Json.MAPPER.writeValueAsBytes(body), affinity);
        } catch (InferenceError e) {
            outcome = new Outcome(e.status(), UsageMeter.Usage.NONE);
            throw e;
        } finally {
            meter.record(caller.accountId(), caller.keyId(), model, endpoint, outcome.usage(),
                    (System.nanoTime() - start) / 1_000_000, outcome.status());
        }
    }

    /**
     * The session a request belongs to on a deployment: the {@code x-session-affinity} header, or the body's {@code user}
     * when the deployment has {@code enableSessionAffinity}. Requests of one session go to one replica, which holds
     * their prefix in its cache.
     */
    static String affinityKey(ModelResolver.Target target, String header, ObjectNode body) {
        if (target.route() == null) {
            return null;
        }
        if (header != null && !header.isBlank()) {
            return header;
        }
        JsonNode user = body.get("user");
        return target.route().sessionAffinity() && user != null && user.isTextual() && !user.asText().isEmpty() ? user.asText() : null;
    }

    /**
     * Runners are shared between accounts, so each account gets its own prompt cache, as Fireworks' serverless caches
     * are per account; a client's own isolation key (body or header) divides its account's cache further.
     */
    static void isolateCache(ObjectNode body, String header, String accountId) {
        JsonNode own = body.get("prompt_cache_isolation_key");
        if (own != null && !own.isNull() && !own.isTextual()) {
            throw InferenceError.invalid("prompt_cache_isolation_key", "`prompt_cache_isolation_key` must be a string");
        }
        String key = own != null && own.isTextual() ? own.asText() : header == null ? "" : header;
        body.put("prompt_cache_isolation_key", accountId + "/" + key);
    }

    /** {@code POST /inference/v1/rerank}: by embedding cosine on an embedding model, by yes/no on a causal one. */
    public void rerank(Context ctx, Principal caller) throws IOException {
        long start = System.nanoTime();
        ObjectNode body = readBody(ctx);
        String model = requireModel(body);
        int status = 500;
        UsageMeter.Usage usage = UsageMeter.Usage.NONE;
        try {
            Rerank.Request request = Rerank.parse(body);
            ModelResolver.Target target = resolver.resolve(caller, model);
            model = target.name();
            ObjectNode answer = target.embedding() ? Rerank.byEmbeddings(this, target, request) : Rerank.byYesNo(this, target, request);
            usage = UsageMeter.Usage.of(answer.path("usage"));
            Responses.json(ctx, answer);
            status = 200;
        } catch (InferenceError e) {
            status = e.status();
            throw e;
        } finally {
            meter.record(caller.accountId(), caller.keyId(), model, "rerank", usage, (System.nanoTime() - start) / 1_000_000, status);
        }
    }

    /** Sends one JSON request to {@code path} on the model's runner and returns its parsed JSON answer (for rerank). */
    JsonNode call(ModelResolver.Target target, String path, JsonNode body) throws IOException {
        try (Lease lease = acquire(target, null)) {
            int status;
            byte[] bytes;
            try (Response response = http.newCall(request(lease, path, Json.MAPPER.writeValueAsBytes(body))).execute()) {
                status = response.code();
                bytes = response.body().bytes();
            } catch (IOException e) {
                lease.reportFailure();
                throw InferenceError.badGateway("the runner for " + target.name() + " failed: " + e.getMessage());
            }
            JsonNode json = Json.MAPPER.readTree(bytes);
            if (status != 200) {
                String message = json.path("error").path("message").asText("runner answered " + status);
                throw new InferenceError(status, json.path("error").path("type").asText("invalid_request_error"),
                        json.path("error").path("param").asText(null), null, message);
            }
            return json;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw InferenceError.unavailable("INTERRUPTED", "the server is shutting down");
        }
    }

    ModelResolver resolver() {
        return resolver;
    }

    private Outcome send(Context ctx, ModelResolver.Target target, String endpoint, byte[] body, String affinity) throws IOException {
        try (Lease lease = acquire(target, affinity)) {
            Response response;
            try {
                response = http.newCall(request(lease, "/v1/" + endpoint, body)).execute();
            } catch (IOException e) {
                lease.reportFailure();
                throw InferenceError.badGateway("the runner for " + target.name() + " failed before answering; retry the request");
            }
            try (response) {
                String contentType = response.header("Content-Type", "application/json");
                if (contentType.startsWith("text/event-stream")) {
                    return stream(ctx, response, lease, target);
                }
                return copy(ctx, response, contentType, lease, target);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw InferenceError.unavailable("INTERRUPTED", "the server is shutting down");
        }
    }

    /** A whole (non-streamed) answer, with the usage headers read off its body. */
    private Outcome copy(Context ctx, Response response, String contentType, Lease lease, ModelResolver.Target target) throws IOException {
        byte[] bytes;
        try {
            bytes = response.body().bytes();
        } catch (IOException e) {
            lease.reportFailure();
            throw InferenceError.badGateway("the runner for " + target.name() + " failed during the request; retry it");
        }
        UsageMeter.Usage usage = UsageMeter.Usage.NONE;
        if (response.code() == 200) {
            usage = UsageMeter.Usage.ofBody(bytes);
            ctx.header(PROMPT_TOKENS, Long.toString(usage.promptTokens()));
            ctx.header(CACHED_PROMPT_TOKENS, Long.toString(usage.cachedPromptTokens()));
            ctx.header(COMPLETION_TOKENS, Long.toString(usage.completionTokens()));
        }
        // Javalin sends the body when the handler returns, after the usage is recorded: an answered request is metered.
        ctx.status(response.code()).contentType(contentType).result(bytes);
        return new Outcome(response.code(), usage);
    }

    /**
     * Copies an SSE stream chunk by chunk, flushing each, and reads the usage off the final chunk as it passes. If the
     * runner dies mid-stream the client gets an error event at once instead of a hang.
     */
    private Outcome stream(Context ctx, Response response, Lease lease, ModelResolver.Target target) throws IOException {
        ctx.status(response.code());
        ctx.res().setContentType("text/event-stream");
        ctx.res().setHeader("Cache-Control", "no-cache");
        String promptTokens = response.header(PROMPT_TOKENS);
        if (promptTokens != null) {
            ctx.res().setHeader(PROMPT_TOKENS, promptTokens);
        }
        OutputStream out = ctx.res().getOutputStream();
        SseUsageScanner scanner = new SseUsageScanner();
        byte[] buffer = new byte[8192];
        try (InputStream in = response.body().byteStream()) {
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    n = -1;
                }
                if (n < 0) {
                    break;
                }
                scanner.accept(buffer, n);
                try {
                    out.write(buffer, 0, n);
                    out.flush();
                } catch (IOException clientGone) {
                    // Closing the runner's stream makes the runner cancel the generation.
                    return new Outcome(499, scanner.usage());
                }
            }
        }
        if (!scanner.done()) {
            lease.reportFailure();
            String event = "data: " + Json.MAPPER.writeValueAsString(Json.MAPPER.createObjectNode().set("error",
                    Json.MAPPER.createObjectNode().put("message", "the runner for " + target.name()
                            + " failed during the request; retry it").put("type", "bad_gateway").put("code", "RUNNER_FAILED")))
                    + "\n\n";
            try {
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException ignored) {
                // The client left as well.
            }
            return new Outcome(502, scanner.usage());
        }
        return new Outcome(response.code(), scanner.usage());
    }

    private Lease acquire(ModelResolver.Target target, String affinity) throws InterruptedException {
        if (target.route() != null) {
            try {
                return deployments.acquire(target.route(), affinity);
            } catch (RouteException e) {
                String type = e.status() == 429 ? "rate_limit_error" : e.status() >= 500 ? "service_unavailable"
                        : "invalid_request_error";
                throw new InferenceError(e.status(), type, "model", e.code(), e.getMessage());
            }
        }
        try {
            return pool.acquire(target.runner(), loadWait);
        } catch (RunnerStartException e) {
            String reason = withoutServerPaths(target, e.getMessage());
            onLoadFailure.accept(target.model(), reason);
            throw InferenceError.unavailable("MODEL_LOAD_FAILED", "model " + target.name() + " could not be loaded: " + reason);
        } catch (RunnerUnavailableException e) {
            throw InferenceError.unavailable("MODEL_LOADING", "model " + target.name() + " is not available yet: " + e.getMessage()
                    + "; retry shortly");
        }
    }

    /** Clients see the model's file name, never where this server keeps it. */
    private static String withoutServerPaths(ModelResolver.Target target, String message) {
        List<String> args = target.runner().arguments();
        int model = args.indexOf("--model");
        if (model >= 0 && model + 1 < args.size() && args.get(model + 1).startsWith("/")) {
            String path = args.get(model + 1);
            message = message.replace(path, java.nio.file.Path.of(path).getFileName().toString());
        }
        return message;
    }

    private static Request request(Lease lease, String path, byte[] body) {
        return new Request.Builder().url(lease.baseUrl().resolve(path).toString())
                .header("Authorization", "Bearer " + lease.apiKey())
                .post(RequestBody.create(body, JSON))
                .build();
    }

    private static void checkEndpoint(ModelResolver.Target target, String endpoint) {
        boolean wantsEmbeddings = endpoint.equals("embeddings");
        if (wantsEmbeddings && !target.embedding()) {
            throw InferenceError.invalid("model", target.name() + " is not an embedding model; /embeddings needs one, e.g. "
                    + "accounts/fireworks/models/all-minilm-l6-v2");
        }
        if (!wantsEmbeddings && target.embedding()) {
            throw InferenceError.invalid("model", target.name() + " is an embedding model; use /inference/v1/embeddings");
        }
    }

    static ObjectNode readBody(Context ctx) throws IOException {
        String contentType = ctx.contentType();
        if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new InferenceError(415, "invalid_request_error", null, null, "Content-Type must be application/json");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] buffer = new byte[65536];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                bytes.write(buffer, 0, n);
                if (bytes.size() > MAX_BODY_BYTES) {
                    throw new InferenceError(413, "invalid_request_error", null, null,
                            "request body: larger than the " + (MAX_BODY_BYTES >> 20) + " MiB limit");
                }
            }
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(bytes.toByteArray());
        } catch (IOException e) {
            throw InferenceError.invalid(null, "request body is not valid JSON: "
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (!(node instanceof ObjectNode object)) {
            throw InferenceError.invalid(null, "request body must be a JSON object");
        }
        return object;
    }

    static String requireModel(ObjectNode body) {
        JsonNode model = body.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw InferenceError.invalid("model", "is required: the name of a model, e.g. accounts/fireworks/models/synthetic-tiny-chat");
        }
        return model.asText();
    }
}
