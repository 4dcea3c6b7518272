package dev.hearth.engine.onnx;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;
import dev.hearth.engine.runner.Embeddings;
import dev.hearth.engine.runner.ModelLoad;
import dev.hearth.engine.runner.OpenAiException;
import dev.hearth.engine.runner.RunnerHttp;
import dev.hearth.engine.runner.RunnerProcess;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ONNX embedding runner: one built-in sentence-embedding model served at {@code /v1/embeddings} with the same HTTP
 * plumbing, key check and health endpoint as the llama.cpp runner. Listens first and answers 503 until the model is loaded.
 */
public final class EmbeddingRunner implements RunnerProcess.Served {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddingRunner.class);

    /**
     * How the runner starts.
     *
     * @param threads        CPU threads for ONNX Runtime, shared by the parallel runs
     * @param parallel       ONNX runs at once, each with {@code threads / parallel} intra-op threads
     * @param maxBatch       the most inputs in one ONNX run
     * @param maxBatchTokens the most padded tokens (inputs times the longest) in one ONNX run
     */
    public record Options(OnnxModelSpec model, String modelId, String host, int port, int threads, int parallel, int maxBatch,
                          int maxBatchTokens, String apiKey) {
        public int threadsPerRun() {
            return Math.max(1, threads / parallel);
        }
    }

    /** What the routes serve once loading is over. */
    private record Loaded(OnnxEncoder encoder, BatchingEmbedder embedder) {}

    private final Options options;
    private final Javalin app;
    private final ModelLoad<Loaded> load = new ModelLoad<>();

    private EmbeddingRunner(Options options) {
        this.options = options;
        this.app = RunnerHttp.create(options.apiKey());
        app.get("/health", load::health);
        app.get("/v1/models", this::models);
        app.post("/v1/embeddings", this::embeddings);
    }

    /** Starts listening, then loads the model; the runner is serving when {@link #awaitLoaded()} returns. */
    public static EmbeddingRunner start(Options options) {
        EmbeddingRunner runner = new EmbeddingRunner(options);
        RunnerHttp.start(runner.app, options.host(), options.port());
        Thread.ofPlatform().name("model-loader").start(runner::loadModel);
        return runner;
    }

    public int port() {
        return app.port();
    }

    public String modelId() {
        return options.modelId() != null ? options.modelId() : options.model().name();
    }

    @Override
    public void awaitLoaded() throws InterruptedException {
        load.await();
    }

    private void loadModel() {
        try {
            long start = System.nanoTime();
            OnnxEncoder encoder = OnnxEncoder.load(options.model(), options.threadsPerRun());
            load.succeeded(new Loaded(encoder, new BatchingEmbedder(encoder, options.parallel(), options.maxBatch(), options.maxBatchTokens())));
            LOG.info("serving {} ({} dimensions, {} pooling, {} tokens per input, {} parallel runs of {} threads) as `{}` on {}:{}, "
                    + "loaded in {} ms", options.model().onnxResource(), encoder.width(), options.model().pooling(),
                    options.model().maxTokens(), options.parallel(), options.threadsPerRun(), modelId(), options.host(), port(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (Exception | LinkageError e) {
            LOG.error("could not load {}: {}", options.model().name(), load.failed(e));
        }
    }

    /** The batcher, once loaded (for tests). */
    BatchingEmbedder embedder() {
        return ready().embedder();
    }

    private Loaded ready() {
        return load.ready();
    }

    private void embeddings(Context ctx) {
        Loaded l = ready();
        String id = modelId();
        ObjectNode body = Embeddings.serve(RunnerHttp.body(ctx), l.embedder(), model -> {
            if (model != null && !model.equals(id)) {
                throw OpenAiException.modelNotFound(model);
            }
            return id;
        });
        ctx.contentType("application/json").result(body.toString());
    }

    private void models(Context ctx) {
        Loaded l = ready();
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("object", "list");
        ObjectNode model = body.putArray("data").addObject();
        model.put("id", modelId());
        model.put("object", "model");
        model.put("created", 0);
        model.put("owned_by", "hearth");
        ObjectNode meta = model.putObject("meta");
        meta.put("embeddings", true);
        meta.put("runtime", "onnxruntime");
        meta.put("model", options.model().name());
        meta.put("n_embd", l.encoder().width());
        meta.put("pooling", options.model().pooling().name().toLowerCase(java.util.Locale.ROOT));
        meta.put("max_input_tokens", options.model().maxTokens());
        ctx.json(body);
    }

    @Override
    public void close() {
        app.stop();
        Loaded l = load.get();
        if (l != null) {
            l.embedder().close();
            l.encoder().close();
        }
    }
}
