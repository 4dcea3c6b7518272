package dev.hearth.engine.llama;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The library directory resolution explains itself in one line when the libraries are not there. */
class LibraryLoadingTest {

    @Test
    void theBuildProvidesTheLibraries() {
        LlamaLibrary.ensureLoaded();
        assertTrue(Files.isRegularFile(LlamaLibrary.directory().resolve("libllama.v0.5.0.so")));
    }

    @Test
    void aDirectoryWithoutLibllamaIsRefusedWithOneLine() throws Exception {
        Path empty = Files.createTempDirectory("no-llama");
        try {
            String message = assertThrows(LlamaLoadException.class, () -> LlamaLibrary.load(empty)).getMessage();
            assertTrue(message.contains("libllama.v0.5.0.so") && message.contains(empty.toString()) && !message.contains("\n"), message);
        } finally {
            Files.delete(empty);
        }
    }
}
