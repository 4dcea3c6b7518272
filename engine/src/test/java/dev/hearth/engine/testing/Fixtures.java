package dev.hearth.engine.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared fixtures ({@code ../shared/fixtures}); tests that need them fail with this message when they are absent. */
public final class Fixtures {
    private Fixtures() {}

    public static Path root() {
        String shared = System.getProperty("hearth.shared", "../../shared");
        Path fixtures = Path.of(shared, "fixtures");
        if (!Files.isDirectory(fixtures)) {
            throw new AssertionError("shared fixtures not found at " + fixtures.toAbsolutePath()
                    + ": this test needs the tokenizer vocabularies and chat templates in ../shared/fixtures"
                    + " (set -Dhearth.shared=DIR to point at them)");
        }
        return fixtures;
    }

    public static Path vocab(String name) {
        Path file = root().resolve("llama-vocab").resolve("ggml-vocab-" + name + ".gguf");
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("fixture " + file + " is missing");
        }
        return file;
    }
}
