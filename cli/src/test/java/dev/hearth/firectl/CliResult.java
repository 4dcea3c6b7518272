package dev.hearth.firectl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.api.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One in-process firectl run: its exit status and what it wrote to stdout and stderr. */
record CliResult(int status, String out, String err) {
    static CliResult run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Firectl.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, args);
        return new CliResult(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Asserts success and returns itself, so that a failure shows what firectl printed. */
    CliResult ok() {
        assertEquals(0, status, () -> "firectl failed: " + err + out);
        assertEquals("", err);
        return this;
    }

    JsonNode json() {
        try {
            return Json.MAPPER.readTree(out);
        } catch (IOException e) {
            throw new AssertionError("stdout is not JSON: " + out, e);
        }
    }

    /** The value of a {@code Label: value} line of text output. */
    String field(String label) {
        return out.lines().filter(line -> line.startsWith(label + ": ")).map(line -> line.substring(label.length() + 2))
                .findFirst().orElseThrow(() -> new AssertionError("no \"" + label + ":\" line in:\n" + out));
    }
}
