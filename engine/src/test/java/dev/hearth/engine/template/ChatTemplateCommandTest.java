package dev.hearth.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ChatTemplateCommandTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new ChatTemplateCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    /** The Qwen2.5 fixture with the tool-call case renders byte for byte what transformers renders. */
    @Test
    void rendersAFixtureCaseExactly() throws IOException {
        Path fixtures = ChatTemplateConformanceTest.directory();
        ObjectMapper json = new ObjectMapper();
        JsonNode kase = null;
        for (JsonNode c : json.readTree(fixtures.resolve("cases.json").toFile()).get("cases")) {
            if (c.get("id").asText().equals("e1-tool-call-dict-args")) {
                kase = c;
            }
        }
        Path messages = dir.resolve("m.json");
        Path tools = dir.resolve("t.json");
        Files.writeString(messages, json.writeValueAsString(kase));
        Files.writeString(tools, json.writeValueAsString(kase.get("tools")));
        Run run = run("--template", fixtures.resolve("templates/Qwen-Qwen2.5-7B-Instruct.jinja").toString(),
                "--messages", messages.toString(), "--tools", tools.toString(), "--add-generation-prompt",
                "--eos", "<|im_end|>", "--now", "2026-01-15T09:05:03");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        assertEquals(Files.readString(fixtures.resolve("expected/Qwen-Qwen2.5-7B-Instruct/e1-tool-call-dict-args.txt"),
                StandardCharsets.UTF_8), run.out());
    }

    @Test
    void kwargsNowAndAPlainMessageArray() throws IOException {
        Path template = dir.resolve("t.jinja");
        Files.writeString(template, "{{ bos_token }}{{ messages[0].content }} {{ flag }} {{ strftime_now('%d %b %Y') }}"
                + "{{ ' gen' if add_generation_prompt }} {{ tools }}\n");
        Path messages = dir.resolve("m.json");
        Files.writeString(messages, "[{\"role\": \"user\", \"content\": \"hi\"}]");
        Run run = run("--template", template.toString(), "--messages", messages.toString(), "--bos", "<s>",
                "--kwargs", "{\"flag\": false}", "--now", "2026-01-15T09:05:03");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("<s>hi False 15 Jan 2026 None", run.out());
    }

    @Test
    void templateErrorsExitTwoAndInputErrorsExitOne() throws IOException {
        Path template = dir.resolve("t.jinja");
        Files.writeString(template, "{{ raise_exception('System role not supported') }}");
        Path messages = dir.resolve("m.json");
        Files.writeString(messages, "[]");
        Run raised = run("--template", template.toString(), "--messages", messages.toString());
        assertEquals(2, raised.exitCode());
        assertEquals("", raised.out());
        assertEquals("hearth: " + template + ": System role not supported\n", raised.err());

        Run missing = run("--template", dir.resolve("absent.jinja").toString(), "--messages", messages.toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.err().startsWith("hearth: ") && missing.err().contains("absent.jinja"), missing.err());

        Files.writeString(messages, "[{");
        Run badJson = run("--template", template.toString(), "--messages", messages.toString());
        assertEquals(1, badJson.exitCode());
        assertTrue(badJson.err().startsWith("hearth: --messages "), badJson.err());
        assertEquals(1, badJson.err().strip().lines().count());
    }
}
