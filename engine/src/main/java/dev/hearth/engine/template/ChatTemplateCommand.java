package dev.hearth.engine.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code chat-template render}: renders a chat template the way transformers' {@code apply_chat_template(...,
 * tokenize=False)} does and prints exactly the prompt (no newline added).
 */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Renders a Hugging Face chat template (Jinja) with transformers' semantics and prints exactly the prompt.",
                "Variables: messages, tools (None without --tools), documents (None), add_generation_prompt, bos_token, eos_token, then --kwargs.",
                "Exit codes: 0 rendered; 1 unreadable input (missing file, bad JSON, bad --now); "
                        + "2 template error (syntax error or the template raised) or bad option. Errors print one line 'hearth: ...' to stderr."})
public final class ChatTemplateCommand implements Callable<Integer> {
    static final int INPUT_ERROR = 1;
    static final int TEMPLATE_ERROR = 2;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec commandSpec;

    @Option(names = "--template", required = true, paramLabel = "T.jinja", description = "The chat template (UTF-8).")
    private Path template;

    @Option(names = "--messages", required = true, paramLabel = "M.json",
            description = "JSON array of messages, or an object with a 'messages' array.")
    private Path messages;

    @Option(names = "--tools", paramLabel = "X.json", description = "JSON array of tools (default: tools is None).")
    private Path tools;

    @Option(names = "--add-generation-prompt", description = "Set add_generation_prompt (default false).")
    private boolean addGenerationPrompt;

    @Option(names = "--bos", paramLabel = "S", defaultValue = "", description = "bos_token (default empty).")
    private String bos;

    @Option(names = "--eos", paramLabel = "S", defaultValue = "", description = "eos_token (default empty).")
    private String eos;

    @Option(names = "--kwargs", paramLabel = "JSON", description = "JSON object of extra template variables, e.g. {\"enable_thinking\":false}.")
    private String kwargs;

    @Option(names = "--now", paramLabel = "ISO-8601",
            description = "Local date-time strftime_now sees, e.g. 2026-01-15T09:05:03 (default: now).")
    private String now;

    /** Input the user gave that cannot be used; exit code 1. */
    private static final class InputException extends Exception {
        InputException(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public Integer call() {
        PrintWriter stdout = commandSpec.commandLine().getOut();
        PrintWriter stderr = commandSpec.commandLine().getErr();
        try {
            Map<String, Object> variables = variables();
            LocalDateTime clock = clock();
            String source = read(template);
            String prompt = ChatTemplate.parse(source).render(variables, clock);
            stdout.print(prompt);
            stdout.flush();
            return 0;
        } catch (InputException e) {
            stderr.println("hearth: " + e.getMessage());
            stderr.flush();
            return INPUT_ERROR;
        } catch (TemplateException e) {
            stderr.println("hearth: " + template + ": " + oneLine(e.getMessage()));
            stderr.flush();
            return TEMPLATE_ERROR;
        }
    }

    private static String oneLine(String message) {
        return message.replace("\r", "\\r").replace("\n", "\\n");
    }

    private Map<String, Object> variables() throws InputException {
        Object messageValue = readJson(messages, "--messages");
        if (messageValue instanceof Map<?, ?> m && m.get("messages") instanceof List<?>) {
            messageValue = m.get("messages");
        }
        if (!(messageValue instanceof List<?>)) {
            throw new InputException(messages + ": expected a JSON array of messages or an object with a 'messages' array");
        }
        Object toolsValue = null;
        if (tools != null) {
            toolsValue = readJson(tools, "--tools");
            if (!(toolsValue instanceof List<?>)) {
                throw new InputException(tools + ": expected a JSON array of tools");
            }
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("messages", messageValue);
        vars.put("tools", toolsValue);
        vars.put("documents", null);
        vars.put("add_generation_prompt", addGenerationPrompt);
        vars.put("bos_token", bos);
        vars.put("eos_token", eos);
        if (kwargs != null) {
            Object extra;
            try {
                extra = JSON.readValue(kwargs, Object.class);
            } catch (JsonProcessingException e) {
                throw new InputException("--kwargs: not valid JSON: " + oneLine(e.getOriginalMessage()));
            }
            if (!(extra instanceof Map<?, ?> map)) {
                throw new InputException("--kwargs: expected a JSON object");
            }
            map.forEach((k, v) -> vars.put((String) k, v));
        }
        return vars;
    }

    private LocalDateTime clock() throws InputException {
        if (now == null) {
            return LocalDateTime.now();
        }
        try {
            return LocalDateTime.parse(now);
        } catch (DateTimeParseException e) {
            throw new InputException("--now: not an ISO-8601 local date-time (e.g. 2026-01-15T09:05:03): " + now);
        }
    }

    private static String read(Path file) throws InputException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new InputException(file + ": " + oneLine(String.valueOf(e.getMessage())));
        }
    }

    private static Object readJson(Path file, String option) throws InputException {
        String text = read(file);
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new InputException(option + " " + file + ": not valid JSON: " + oneLine(e.getOriginalMessage()));
        }
    }
}
