package dev.hearth.engine.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.engine.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every template x case of fixtures/chat-templates, compared byte for byte with what Python's jinja2 rendered. */
class ChatTemplateConformanceTest {
    static final LocalDateTime NOW = LocalDateTime.of(2026, 1, 15, 9, 5, 3);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One render: the variables transformers would pass and the expected outcome. */
    record Case(String template, String caseId, Path templateFile, Map<String, Object> variables, Path expectedText,
                Path expectedError, String outcome) {
    }

    static Path directory() {
        Path dir = Fixtures.root().resolve("chat-templates");
        if (!Files.isDirectory(dir.resolve("templates"))) {
            fail("chat-template fixtures not found at " + dir.toAbsolutePath());
        }
        return dir;
    }

    static List<Case> cases() {
        Path dir = directory();
        try {
            JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile());
            JsonNode cases = JSON.readTree(dir.resolve("cases.json").toFile()).get("cases");
            List<Case> out = new ArrayList<>();
            Map<String, JsonNode> templates = new TreeMap<>();
            manifest.get("templates").properties().forEach(e -> templates.put(e.getKey(), e.getValue()));
            for (Map.Entry<String, JsonNode> t : templates.entrySet()) {
                String name = t.getKey();
                for (JsonNode c : cases) {
                    String id = c.get("id").asText();
                    Map<String, Object> vars = new LinkedHashMap<>();
                    vars.put("messages", value(c.get("messages")));
                    vars.put("tools", c.has("tools") ? value(c.get("tools")) : null);
                    vars.put("documents", null);
                    vars.put("add_generation_prompt", c.path("add_generation_prompt").asBoolean(false));
                    vars.put("bos_token", t.getValue().get("bos_token").asText());
                    vars.put("eos_token", t.getValue().get("eos_token").asText());
                    putAll(vars, t.getValue().get("kwargs"));
                    putAll(vars, c.get("kwargs"));
                    Path expected = dir.resolve("expected").resolve(name);
                    out.add(new Case(name, id, dir.resolve("templates").resolve(name + ".jinja"), vars,
                            expected.resolve(id + ".txt"), expected.resolve(id + ".error"),
                            t.getValue().get("outcomes").path(id).asText()));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object value(JsonNode node) {
        return JSON.convertValue(node, Object.class);
    }

    private static void putAll(Map<String, Object> vars, JsonNode object) {
        if (object != null && object.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                vars.put(e.getKey(), value(e.getValue()));
            }
        }
    }

    /** Runs one case; returns null when it conforms, else a description of the difference. */
    static String check(Case c, Map<Path, Object> parsed) throws IOException {
        Object template = parsed.computeIfAbsent(c.templateFile(), f -> {
            try {
                return ChatTemplate.parse(Files.readString(f, StandardCharsets.UTF_8));
            } catch (TemplateException e) {
                return e;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (template instanceof TemplateException e) {
            return "parse error: " + e.getMessage();
        }
        String rendered;
        try {
            rendered = ((ChatTemplate) template).render(c.variables(), NOW);
        } catch (TemplateException e) {
            if (Files.exists(c.expectedError())) {
                String expected = Files.readString(c.expectedError(), StandardCharsets.UTF_8);
                if (e.pythonClass().equals("TemplateError") && !expected.equals(e.detail())) {
                    return "raise_exception message differs: expected <" + expected + "> got <" + e.detail() + ">";
                }
                if (Boolean.getBoolean("conformance.verbose")) {
                    System.out.println(c.template() + "/" + c.caseId() + " " + c.outcome() + " <" + expected + ">  ours: "
                            + e.getMessage());
                }
                return null;
            }
            return "render error: " + e.getMessage();
        }
        if (Files.exists(c.expectedError())) {
            return "expected an error (" + Files.readString(c.expectedError(), StandardCharsets.UTF_8) + ") but rendered";
        }
        String expected = Files.readString(c.expectedText(), StandardCharsets.UTF_8);
        if (!expected.equals(rendered)) {
            int at = 0;
            while (at < Math.min(expected.length(), rendered.length()) && expected.charAt(at) == rendered.charAt(at)) {
                at++;
            }
            return "output differs at char " + at + ": expected <" + snippet(expected, at) + "> got <"
                    + snippet(rendered, at) + ">";
        }
        return null;
    }

    private static String snippet(String s, int at) {
        return s.substring(Math.max(0, at - 40), Math.min(s.length(), at + 60)).replace("\n", "\\n");
    }

    @TestFactory
    Stream<DynamicNode> everyTemplateAndCase() {
        List<Case> all = cases();
        Map<Path, Object> parsed = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, List<DynamicNode>> byTemplate = new LinkedHashMap<>();
        for (Case c : all) {
            byTemplate.computeIfAbsent(c.template(), k -> new ArrayList<>()).add(DynamicTest.dynamicTest(c.caseId(), () -> {
                String problem = check(c, parsed);
                if (problem != null) {
                    fail(c.template() + "/" + c.caseId() + ": " + problem);
                }
            }));
        }
        return byTemplate.entrySet().stream().map(e -> DynamicContainer.dynamicContainer(e.getKey(), e.getValue()));
    }

    @org.junit.jupiter.api.Test
    void coversAllFiftyFiveTemplatesAndTenCases() {
        assertEquals(550, cases().size());
    }

    /** Prints a per-template summary of failures: handy while working on the engine. */
    public static void main(String[] args) throws IOException {
        Map<Path, Object> parsed = new LinkedHashMap<>();
        Map<String, List<String>> failures = new TreeMap<>();
        int total = 0;
        int failed = 0;
        for (Case c : cases()) {
            if (args.length > 0 && !c.template().contains(args[0])) {
                continue;
            }
            total++;
            String problem;
            try {
                problem = check(c, parsed);
            } catch (RuntimeException e) {
                problem = "crash: " + e;
                if (args.length > 0) {
                    e.printStackTrace();
                }
            }
            if (problem != null) {
                failed++;
                failures.computeIfAbsent(c.template(), k -> new ArrayList<>()).add(c.caseId() + ": " + problem);
            }
        }
        failures.forEach((t, list) -> {
            System.out.println(t + " (" + list.size() + ")");
            list.stream().limit(args.length > 0 ? 100 : 2).forEach(p -> System.out.println("    " + p));
        });
        System.out.println((total - failed) + "/" + total + " pass");
    }
}
