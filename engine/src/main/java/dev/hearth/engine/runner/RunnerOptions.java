package dev.hearth.engine.runner;

import dev.hearth.engine.llama.ContextParams;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** How a runner is started: the model, the context shape, where it listens, and its adapters. */
public record RunnerOptions(Path model, String modelId, String host, int port, int threads, int contextSize, int parallel,
                            int batchSize, Map<String, Path> loras, Path chatTemplate, boolean embeddings,
                            ContextParams.Pooling pooling, Duration requestTimeout, String apiKey) {

    public RunnerOptions {
        loras = Map.copyOf(loras);
    }

    /** The model id a request may name: {@code --model-id}, or the file name without {@code .gguf}. */
    public static String defaultModelId(Path model) {
        String name = model.getFileName().toString();
        return name.endsWith(".gguf") ? name.substring(0, name.length() - ".gguf".length()) : name;
    }
}
