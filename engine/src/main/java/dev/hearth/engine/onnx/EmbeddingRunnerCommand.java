package dev.hearth.engine.onnx;

import dev.hearth.engine.runner.RunnerProcess;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hearth embedding-runner}: serve one built-in ONNX sentence-embedding model until SIGTERM. */
@Command(name = "embedding-runner", mixinStandardHelpOptions = true,
        description = "Serve a built-in sentence-embedding model on ONNX Runtime over an OpenAI-compatible /v1/embeddings.")
public final class EmbeddingRunnerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "The built-in model: all-minilm-l6-v2 or bge-small-en-v1p5.")
    String model;

    @Option(names = "--model-id", description = "The id requests use in `model` (default: the --model name).")
    String modelId;

    @Option(names = "--port", defaultValue = "8082", description = "Port to listen on (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--threads", description = "CPU threads for ONNX Runtime, shared by the parallel runs (default: the number of cores).")
    Integer threads;

    @Option(names = "--parallel", description = "ONNX runs at once, each with threads/parallel intra-op threads (default: 2, 1 on one core).")
    Integer parallel;

    @Option(names = "--max-batch", defaultValue = "32", description = "Most inputs in one ONNX run (default ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--max-batch-tokens", defaultValue = "8192",
            description = "Most padded tokens (inputs x the longest) in one ONNX run (default ${DEFAULT-VALUE}).")
    int maxBatchTokens;

    @Mixin
    RunnerProcess process;

    @Override
    public Integer call() throws Exception {
        return process.serveUntilStopped("hearth embedding-runner", EmbeddingRunner.start(options()), spec.commandLine());
    }

    EmbeddingRunner.Options options() {
        OnnxModelSpec chosen = OnnxModelSpec.named(model).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "--model must be one of " + OnnxModelSpec.BUILT_IN.stream().map(OnnxModelSpec::name).collect(Collectors.joining(", "))
                        + ", got " + model));
        if (maxBatch < 1 || (threads != null && threads < 1) || (parallel != null && parallel < 1)) {
            throw new ParameterException(spec.commandLine(), "--max-batch, --threads and --parallel must be positive");
        }
        if (maxBatchTokens < chosen.maxTokens()) {
            throw new ParameterException(spec.commandLine(), "--max-batch-tokens must be at least " + chosen.maxTokens()
                    + ", the longest input " + chosen.name() + " takes");
        }
        int cpus = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        // Two single-threaded runs keep a small machine's cores busier than one run split across them, whose threads
        // wait for each other whenever request handling takes a core.
        int runs = parallel == null ? Math.min(2, cpus) : parallel;
        return new EmbeddingRunner.Options(chosen, modelId, process.host(), port, cpus, runs, maxBatch, maxBatchTokens,
                process.apiKey());
    }
}
