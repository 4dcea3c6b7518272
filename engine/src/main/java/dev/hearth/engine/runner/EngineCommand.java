package dev.hearth.engine.runner;

import dev.hearth.engine.llama.ContextParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hearth engine}: serve one GGUF model with Hearth's engine runner until SIGTERM. */
@Command(name = "engine", mixinStandardHelpOptions = true,
        description = "Serve one GGUF model (plus LoRA adapters) over an OpenAI-compatible HTTP API.")
public final class EngineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "The GGUF model file.")
    Path model;

    @Option(names = "--model-id", description = "The id requests use in `model` (default: the file name without .gguf).")
    String modelId;

    @Option(names = "--port", defaultValue = "8081", description = "Port to listen on (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--threads", description = "CPU threads for llama.cpp (default: the number of cores).")
    Integer threads;

    @Option(names = "--ctx", defaultValue = "4096", description = "Context size in tokens, shared by the parallel slots (default ${DEFAULT-VALUE}).")
    int contextSize;

    @Option(names = "--parallel", defaultValue = "4", description = "Sequences decoded together (default ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--batch", defaultValue = "2048", description = "Most tokens per llama_decode (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lora", paramLabel = "NAME=PATH", description = "Load a LoRA adapter GGUF under NAME (repeatable).")
    List<String> loras = List.of();

    @Option(names = "--chat-template", paramLabel = "T.jinja", description = "A chat template that overrides the model's own.")
    Path chatTemplate;

    @Option(names = "--embeddings", description = "Serve /v1/embeddings instead of completions (automatic for embedding models).")
    boolean embeddings;

    @Option(names = "--pooling", defaultValue = "mean", description = "Pooling for embeddings: mean, cls or last (default ${DEFAULT-VALUE}).")
    String pooling;

    @Option(names = "--request-timeout", defaultValue = "600", description = "Seconds a request may take before it fails (default ${DEFAULT-VALUE}).")
    int requestTimeout;

    @Mixin
    RunnerProcess process;

    @Override
    public Integer call() throws Exception {
        return process.serveUntilStopped("hearth engine", Runner.start(options()), spec.commandLine());
    }

    RunnerOptions options() {
        if (!Files.isRegularFile(model)) {
            throw new ParameterException(spec.commandLine(), "--model: " + model + " is not a file");
        }
        if (contextSize < 16 || parallel < 1 || batchSize < 1 || (threads != null && threads < 1)) {
            throw new ParameterException(spec.commandLine(), "--ctx, --parallel, --batch and --threads must be positive");
        }
        if (chatTemplate != null && !Files.isRegularFile(chatTemplate)) {
            throw new ParameterException(spec.commandLine(), "--chat-template: " + chatTemplate + " is not a file");
        }
        Map<String, Path> adapters = new LinkedHashMap<>();
        for (String lora : loras) {
            int eq = lora.indexOf('=');
            if (eq <= 0 || eq == lora.length() - 1) {
                throw new ParameterException(spec.commandLine(), "--lora takes NAME=PATH, got " + lora);
            }
            Path path = Path.of(lora.substring(eq + 1));
            if (!Files.isRegularFile(path)) {
                throw new ParameterException(spec.commandLine(), "--lora " + lora + ": " + path + " is not a file");
            }
            adapters.put(lora.substring(0, eq), path);
        }
        ContextParams.Pooling pool;
        try {
            pool = ContextParams.Pooling.valueOf(pooling.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--pooling must be mean, cls or last");
        }
        return new RunnerOptions(model, modelId, process.host(), port, threads == null ? Runtime.getRuntime().availableProcessors() : threads,
                contextSize, parallel, batchSize, adapters, chatTemplate, embeddings, pool, Duration.ofSeconds(requestTimeout),
                process.apiKey());
    }
}
