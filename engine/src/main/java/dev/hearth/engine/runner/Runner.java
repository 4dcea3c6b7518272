package dev.hearth.engine.runner;

import dev.hearth.engine.llama.ContextParams;
import dev.hearth.engine.llama.LlamaContext;
import dev.hearth.engine.llama.LlamaModel;
import io.javalin.Javalin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hearth's engine runner: one model (plus LoRA adapters) served over an OpenAI-style HTTP API. The HTTP
 * server comes up first and answers 503 on /health until the model is loaded.
 */
public final class Runner implements RunnerProcess.Served {
    private static final Logger LOG = LoggerFactory.getLogger(Runner.class);

    /** What the routes serve once loading is over. */
    record Loaded(LlamaModel model, LlamaContext context, Adapters adapters, Scheduler scheduler, Embedder embedder,
                  Completions completions, ChatCompletions chat, ModelNames names, String chatTemplate) {}

    private final RunnerOptions options;
    private final RunnerMetrics metrics;
    private final Javalin app;
    private final ModelLoad<Loaded> load = new ModelLoad<>();

    private Runner(RunnerOptions options) {
        this.options = options;
        this.metrics = new RunnerMetrics(modelId());
        this.app = RunnerRoutes.create(this, options.apiKey());
    }

    /** Starts listening, then loads the model; the returned runner is serving when {@link #awaitLoaded()} returns. */
    public static Runner start(RunnerOptions options) {
        Runner runner = new Runner(options);
        RunnerHttp.start(runner.app, options.host(), options.port());
        Thread.ofPlatform().name("model-loader").start(runner::loadModel);
        return runner;
    }

    public int port() {
        return app.port();
    }

    @Override
    public String modelId() {
        return options.modelId() != null ? options.modelId() : RunnerOptions.defaultModelId(options.model());
    }

    RunnerOptions options() {
        return options;
    }

    RunnerMetrics metrics() {
        return metrics;
    }

    ModelLoad<Loaded> load() {
        return load;
    }

    @Override
    public void awaitLoaded() throws InterruptedException {
        load.await();
    }

    private void loadModel() {
        LlamaModel model = null;
        try {
            model = LlamaModel.load(options.model());
            int threads = options.threads();
            boolean embeddings = options.embeddings() || model.meta(model.architecture() + ".pooling_type").isPresent();
            Adapters adapters = new Adapters(model);
            ModelNames names = new ModelNames(modelId(), adapters);
            LlamaContext context;
            Scheduler scheduler = null;
            Embedder embedder = null;
            Completions completions = null;
            ChatCompletions chat = null;
            if (embeddings) {
                context = LlamaContext.create(model, ContextParams.embedding(options.contextSize(), options.parallel(), threads,
                        options.pooling()));
                embedder = new Embedder(context, model.vocab(), model.embeddingOutputSize());
            } else {
                context = LlamaContext.create(model, new ContextParams(options.contextSize(), options.batchSize(),
                        Math.min(512, options.batchSize()), options.parallel(), threads, threads, false,
                        ContextParams.Pooling.UNSPECIFIED, false));
                scheduler = new Scheduler(model, context, adapters, metrics);
                for (Map.Entry<String, Path> lora : options.loras().entrySet()) {
                    Scheduler s = scheduler;
                    s.call(() -> adapters.load(lora.getKey(), lora.getValue()));
                }
                completions = new Completions(model.vocab(), names, scheduler.contextPerSlot(), context.contextSize(),
                        options.requestTimeout().toNanos());
            }
            String chatTemplate = options.chatTemplate() != null ? Files.readString(options.chatTemplate())
                    : model.chatTemplate().orElse(null);
            if (completions != null) {
                chat = new ChatCompletions(completions, model.vocab(), chatTemplate);
            }
            load.succeeded(new Loaded(model, context, adapters, scheduler, embedder, completions, chat, names, chatTemplate));
            LOG.info("serving {} ({}, {} parameters) as `{}` on {}:{}", options.model().getFileName(), model.description(),
                    model.parameterCount(), modelId(), options.host(), port());
        } catch (Exception | LinkageError e) {
            LOG.error("could not load {}: {}", options.model(), load.failed(e));
            if (model != null) {
                model.close();
            }
        }
    }

    @Override
    public void close() {
        app.stop();
        Loaded l = load.get();
        if (l != null) {
            if (l.scheduler() != null) {
                l.scheduler().close();
            }
            if (l.embedder() != null) {
                l.embedder().close();
            }
            l.context().close();
            l.adapters().closeAll();
            l.model().close();
        }
    }
}
