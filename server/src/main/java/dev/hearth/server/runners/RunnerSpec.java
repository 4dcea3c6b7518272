package dev.hearth.server.runners;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What to run in one supervised runner process.
 *
 * @param key         stable identity in the pool (for example {@code accounts/a/models/m@f16}); one runner per key, so
 *                    it must change whenever the arguments do (the pool keeps the spec of the runner it started)
 * @param modelId     the id the runner serves and prints in its ready line ({@code ... serving <modelId> on http://...})
 * @param displayName for logs and status pages
 * @param arguments   the {@code dev.hearth.server.Main} subcommand and its flags, for example
 *                    {@code engine --model /m.gguf --model-id m --ctx 4096}; never {@code --host}, {@code --port},
 *                    {@code --api-key} or {@code --exit-with-parent}, which the launcher adds
 */
public record RunnerSpec(String key, String modelId, String displayName, List<String> arguments) {
    private static final Set<String> RESERVED = Set.of("--host", "--port", "--api-key", "--exit-with-parent");

    public RunnerSpec {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(modelId, "modelId");
        displayName = displayName == null ? key : displayName;
        arguments = List.copyOf(arguments);
        if (key.isBlank() || modelId.isBlank() || arguments.isEmpty()) {
            throw new IllegalArgumentException("a runner spec needs a key, a model id and a subcommand");
        }
        for (String argument : arguments) {
            String flag = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
            if (RESERVED.contains(flag)) {
                throw new IllegalArgumentException(flag + " is added by the launcher, not the spec");
            }
        }
    }

    /** {@code engine --model <gguf> --model-id <modelId> [extraFlags...]}: a llama.cpp runner for one GGUF file. */
    public static RunnerSpec engine(String key, String modelId, String displayName, Path gguf, List<String> extraFlags) {
        List<String> args = new ArrayList<>(List.of("engine", "--model", gguf.toString(), "--model-id", modelId));
        args.addAll(extraFlags);
        return new RunnerSpec(key, modelId, displayName, args);
    }
}
