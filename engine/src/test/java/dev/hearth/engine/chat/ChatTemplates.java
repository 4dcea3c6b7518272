package dev.hearth.engine.chat;

import dev.hearth.engine.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The fixture chat templates and their golden renders. */
final class ChatTemplates {
    private ChatTemplates() {}

    static final String WEATHER_ARGS = "{\"location\":\"Paris, France\",\"unit\":\"celsius\"}";

    static Path dir() {
        return Fixtures.root().resolve("chat-templates");
    }

    static List<String> names() {
        try (Stream<Path> files = Files.list(dir().resolve("templates"))) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".jinja"))
                    .map(n -> n.substring(0, n.length() - ".jinja".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String source(String name) {
        return read(dir().resolve("templates").resolve(name + ".jinja"));
    }

    static ToolCallFormat format(String name) {
        return ToolCallFormats.detect(source(name));
    }

    /** The render of case {@code caseId}, or null when the template fails on that case. */
    static String render(String name, String caseId) {
        Path file = dir().resolve("expected").resolve(name).resolve(caseId + ".txt");
        return Files.isRegularFile(file) ? read(file) : null;
    }

    /**
     * The part of the e1 render from the end of the user's question up to the tool result: the assistant turn with
     * its tool call, between role markers. Null when the template does not render the case.
     */
    static String e1AssistantTurn(String name) {
        String render = render(name, "e1-tool-call-dict-args");
        if (render == null) {
            return null;
        }
        String question = "What's the weather like in Paris today?";
        int start = render.indexOf(question) + question.length();
        int end = render.indexOf("temperature", start);
        return start < question.length() || end < 0 ? null : render.substring(start, end);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
