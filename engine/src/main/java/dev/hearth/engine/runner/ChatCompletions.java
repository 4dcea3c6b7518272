package dev.hearth.engine.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;
import dev.hearth.engine.chat.ChatOutputParser;
import dev.hearth.engine.chat.ReasoningFormat;
import dev.hearth.engine.chat.ToolCallFormat;
import dev.hearth.engine.chat.ToolCall;
import dev.hearth.engine.chat.ToolCallFormats;
import dev.hearth.engine.grammar.GbnfBuilder;
import dev.hearth.engine.grammar.SchemaException;
import dev.hearth.engine.llama.Vocab;
import dev.hearth.engine.template.ChatTemplate;
import dev.hearth.engine.template.TemplateException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns an OpenAI {@code /v1/chat/completions} body into a prompt rendered with the model's chat template
 * and a generation request; tool choice and response formats become grammars.
 */
final class ChatCompletions {
    static final Set<String> FIELDS = Completions.union(Completions.COMMON,
            Set.of("messages", "tools", "tool_choice", "parallel_tool_calls", "reasoning_effort"));
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    private static final Set<String> EFFORTS = Set.of("low", "medium", "high");
    /** Fireworks: an integer reasoning_effort must be below 20,000. */
    private static final int MAX_REASONING_BUDGET = 20_000;

    /** How the output is read back: which tool format and reasoning markers apply, and whether tools may be called. */
    record Parsed(Completions.Options options, ChatOutputParser output, String prompt) {}

    private final Completions completions;
    private final Vocab vocab;
    private final String templateSource;
    private final ChatTemplate template;
    private final String templateError;
    private final ToolCallFormat toolFormat;
    private final ReasoningFormat reasoningFormat;

    /** {@code templateSource} null means the model has no chat template. */
    ChatCompletions(Completions completions, Vocab vocab, String templateSource) {
        this.completions = completions;
        this.vocab = vocab;
        this.templateSource = templateSource;
        ChatTemplate parsedTemplate = null;
        String error = null;
        if (templateSource != null) {
            try {
                parsedTemplate = ChatTemplate.parse(templateSource);
            } catch (TemplateException e) {
                error = e.getMessage();
            }
        }
        this.template = parsedTemplate;
        this.templateError = error;
        this.toolFormat = templateSource == null ? null : ToolCallFormats.detect(templateSource);
        this.reasoningFormat = templateSource == null ? ReasoningFormat.NONE : ReasoningFormat.detect(templateSource);
    }

    private void requireTemplate() {
        if (templateError != null) {
            throw OpenAiException.invalid("messages", "this model's chat template cannot be used: " + templateError);
        }
        if (template == null) {
            throw OpenAiException.invalid("messages", "this model has no chat template; use /v1/completions, or start the runner with --chat-template");
        }
    }

    /** {@code POST /apply-template}: the prompt a chat request would produce, as llama-server's endpoint of that name. */
    String applyTemplate(JsonNode body) {
        JsonFields f = new JsonFields(body, Set.of("messages", "tools", "add_generation_prompt", "chat_template_kwargs", "model"));
        requireTemplate();
        List<Object> messages = messages(f.get("messages"));
        List<Object> tools = tools(f.get("tools"));
        Map<String, Object> kwargs = new LinkedHashMap<>();
        JsonNode extra = f.get("chat_template_kwargs");
        if (extra != null) {
            if (!extra.isObject()) {
                throw OpenAiException.invalid("chat_template_kwargs", "`chat_template_kwargs` must be an object");
            }
            kwargs.putAll(Json.MAPPER.convertValue(extra, Map.class));
        }
        return render(messages, tools.isEmpty() ? null : tools, kwargs, f.bool("add_generation_prompt", true));
    }

    Parsed parse(JsonNode body) {
        JsonFields f = new JsonFields(body, FIELDS);
        requireTemplate();
        List<Object> messages = messages(f.get("messages"));
        List<Object> tools = tools(f.get("tools"));
        ToolChoice choice = toolChoice(f.get("tool_choice"), tools);
        if (!tools.isEmpty() && choice.mode() != Mode.NONE && !toolFormat.supportsTools()) {
            throw OpenAiException.invalid("tools", "tool calling is not supported for this model's chat template");
        }
        boolean parallel = f.bool("parallel_tool_calls", true);
        JsonNode effort = f.get("reasoning_effort");
        Map<String, Object> kwargs = new LinkedHashMap<>(reasoningKwargs(effort));
        String formatGrammar = completions.grammar(f);
        String grammar = formatGrammar;
        if (choice.forced()) {
            if (formatGrammar != null) {
                throw OpenAiException.invalid("tool_choice", "a forced tool call and a `response_format`/`grammar` cannot be combined");
            }
            grammar = toolGrammar(tools, choice, parallel);
        }
        String formatType = f.has("response_format") ? f.get("response_format").path("type").asText("") : "";
        boolean jsonOrTools = choice.forced() || formatType.startsWith("json_");
        if (jsonOrTools && reasoningFormat.hasReasoning()) {
            // A grammar constrains the output from its first token, so it leaves no room for thinking.
            kwargs.putAll(reasoningFormat.disableThinkingKwargs());
        }
        String prompt = render(messages, choice.mode() == Mode.NONE || tools.isEmpty() ? null : tools, kwargs, true);
        int[] tokens = vocab.tokenize(prompt, true, true);
        int logprobs = chatLogprobs(f);
        boolean inside = reasoningFormat.hasReasoning() && reasoningFormat.startsInsideReasoning(prompt);
        if (jsonOrTools && inside) {
            grammar = afterReasoning(grammar);
        }
        Completions.Options options = completions.options(f, tokens, grammar, logprobs, false, true);
        Integer budget = reasoningBudget(effort, options.request().maxTokens());
        if (budget != null) {
            options = new Completions.Options(options.request().withReasoningBudget(new GenerationRequest.ReasoningBudget(
                    budget, reasoningFormat.open(), reasoningFormat.close(), inside)), options.n(), options.stream(),
                    options.model(), options.perfMetrics(), options.rawOutput());
        }
        boolean parseToolCalls = !tools.isEmpty() && choice.mode() != Mode.NONE;
        return new Parsed(options, new ChatOutputParser(reasoningFormat, inside,
                parseToolCalls ? toolFormat : ToolCallFormats.contentOnly()), prompt);
    }

    /** Renders the template as transformers does; the BOS the tokenizer adds itself is not written twice. */
    private String render(List<Object> messages, List<Object> tools, Map<String, Object> kwargs, boolean generationPrompt) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("messages", messages);
        variables.put("tools", tools);
        variables.put("documents", null);
        variables.put("add_generation_prompt", generationPrompt);
        String bos = vocab.bos() >= 0 ? vocab.detokenize(new int[] {vocab.bos()}, false, true) : "";
        String eos = vocab.eos() >= 0 ? vocab.detokenize(new int[] {vocab.eos()}, false, true) : "";
        variables.put("bos_token", bos);
        variables.put("eos_token", eos);
        variables.putAll(kwargs);
        String prompt;
        try {
            prompt = template.render(variables, LocalDateTime.now());
        } catch (TemplateException e) {
            throw OpenAiException.invalid("messages", "the model's chat template rejected the conversation: " + e.getMessage());
        }
        if (vocab.addsBos() && !bos.isEmpty() && prompt.startsWith(bos)) {
            prompt = prompt.substring(bos.length());
        }
        return prompt;
    }

    /**
     * For templates that open the reasoning block themselves and cannot turn it off (DeepSeek-R1), JSON and
     * forced tool calls apply after the block closes, as Fireworks' reasoning JSON mode does. The thought may
     * hold any text but {@code </} (which only the closing tag starts) and {@code <<}.
     */
    private String afterReasoning(String grammar) {
        return "root ::= hearth-thought " + GbnfBuilder.literal(reasoningFormat.close()) + " [\\n]{0,2} hearth-answer\n"
                + "hearth-thought ::= ([^<] | \"<\" [^/<])*\n"
                + grammar.replaceFirst("(?m)^root ::=", "hearth-answer ::=");
    }

    private static int chatLogprobs(JsonFields f) {
        boolean logprobs = f.bool("logprobs", false);
        Integer top = f.integer("top_logprobs", 0, Completions.MAX_TOP_LOGPROBS);
        if (top != null && !logprobs) {
            throw OpenAiException.invalid("top_logprobs", "`top_logprobs` needs `logprobs: true`");
        }
        return logprobs ? (top == null ? 0 : top) : -1;
    }

    private List<Object> messages(JsonNode node) {
        if (node == null || !node.isArray()) {
            throw OpenAiException.invalid("messages", "`messages` is required and must be an array");
        }
        if (node.isEmpty()) {
            throw OpenAiException.invalid("messages", "`messages` must not be empty");
        }
        List<Object> messages = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            messages.add(message(node.get(i), "messages[" + i + "]"));
        }
        return messages;
    }

    private Map<String, Object> message(JsonNode node, String path) {
        JsonFields f = new JsonFields(node, Set.of("role", "content", "name", "tool_calls", "tool_call_id", "reasoning_content",
                "refusal", "function_call"), path);
        String role = f.string("role", null);
        if (role == null || !ROLES.contains(role)) {
            throw OpenAiException.invalid(path + ".role", "`" + path + ".role` must be one of system, developer, user, assistant, tool"
                    + (role == null ? "" : "; got `" + role + "`"));
        }
        Map<String, Object> message = new LinkedHashMap<>();
        // Templates know no `developer` role; OpenAI defines it as the system prompt of newer models.
        message.put("role", role.equals("developer") ? "system" : role);
        JsonNode toolCalls = f.get("tool_calls");
        boolean hasCalls = toolCalls != null && !toolCalls.isNull();
        message.put("content", content(f.get("content"), path + ".content", role.equals("assistant") && hasCalls));
        String name = f.string("name", null);
        if (name != null) {
            message.put("name", name);
        }
        if (hasCalls) {
            if (!role.equals("assistant")) {
                throw OpenAiException.invalid(path + ".tool_calls", "only assistant messages carry `tool_calls`");
            }
            message.put("tool_calls", toolCalls(toolCalls, path + ".tool_calls"));
        }
        if (role.equals("tool")) {
            String id = f.string("tool_call_id", null);
            if (id != null) {
                message.put("tool_call_id", id);
            }
        } else if (f.has("tool_call_id")) {
            throw OpenAiException.invalid(path + ".tool_call_id", "only tool messages carry `tool_call_id`");
        }
        String reasoning = f.string("reasoning_content", null);
        if (reasoning != null) {
            message.put("reasoning_content", reasoning);
        }
        if (f.has("function_call") && !f.get("function_call").isNull()) {
            throw OpenAiException.invalid(path + ".function_call", "legacy `function_call` is not supported; use `tool_calls`");
        }
        return message;
    }

    /** A string, or text parts joined with newlines (as vLLM does); images are refused, the models served are text-only. */
    private static Object content(JsonNode node, String path, boolean mayBeEmpty) {
        if (node == null || node.isNull()) {
            if (mayBeEmpty) {
                return null;
            }
            throw OpenAiException.invalid(path, "`" + path + "` is required");
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (!node.isArray()) {
            throw OpenAiException.invalid(path, "`" + path + "` must be a string or an array of content parts");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < node.size(); i++) {
            String partPath = path + "[" + i + "]";
            JsonNode part = node.get(i);
            String type = part.path("type").asText(null);
            if ("image_url".equals(type) || "input_image".equals(type) || "image".equals(type)) {
                throw OpenAiException.invalid(partPath, "this model does not support image input (`" + partPath + "` is an image)");
            }
            if (!"text".equals(type)) {
                throw OpenAiException.invalid(partPath + ".type", "content parts must be of type `text`; got `" + type + "`");
            }
            JsonFields fields = new JsonFields(part, Set.of("type", "text"), partPath);
            String piece = fields.string("text", null);
            if (piece == null) {
                throw OpenAiException.invalid(partPath + ".text", "`" + partPath + ".text` is required");
            }
            if (i > 0) {
                text.append('\n');
            }
            text.append(piece);
        }
        return text.toString();
    }

    /** Calls as templates expect them: arguments that are a JSON object become a mapping (as vLLM passes them). */
    private static List<Object> toolCalls(JsonNode node, String path) {
        if (!node.isArray()) {
            throw OpenAiException.invalid(path, "`" + path + "` must be an array");
        }
        List<Object> calls = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String callPath = path + "[" + i + "]";
            JsonFields call = new JsonFields(node.get(i), Set.of("id", "type", "function", "index"), callPath);
            String type = call.string("type", "function");
            if (!type.equals("function")) {
                throw OpenAiException.invalid(callPath + ".type", "only `function` tool calls are supported");
            }
            JsonFields function = new JsonFields(call.get("function"), Set.of("name", "arguments"), callPath + ".function");
            String name = function.string("name", null);
            if (name == null) {
                throw OpenAiException.invalid(callPath + ".function.name", "`" + callPath + ".function.name` is required");
            }
            JsonNode arguments = function.get("arguments");
            Object args;
            if (arguments == null || arguments.isNull()) {
                args = Map.of();
            } else if (arguments.isTextual()) {
                args = parsedArguments(arguments.asText(), callPath + ".function.arguments");
            } else if (arguments.isObject()) {
                args = Json.MAPPER.convertValue(arguments, Object.class);
            } else {
                throw OpenAiException.invalid(callPath + ".function.arguments", "`arguments` must be a JSON string");
            }
            Map<String, Object> fn = new LinkedHashMap<>();
            fn.put("name", name);
            fn.put("arguments", args);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", call.string("id", ToolCall.newId()));
            entry.put("type", "function");
            entry.put("function", fn);
            calls.add(entry);
        }
        return calls;
    }

    private static Object parsedArguments(String text, String path) {
        try {
            JsonNode parsed = Json.MAPPER.readTree(text);
            if (parsed != null && parsed.isObject()) {
                return Json.MAPPER.convertValue(parsed, Object.class);
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw OpenAiException.invalid(path, "`" + path + "` is not valid JSON: " + e.getOriginalMessage());
        }
        return text;
    }

    private List<Object> tools(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw OpenAiException.invalid("tools", "`tools` must be an array");
        }
        List<Object> tools = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "tools[" + i + "]";
            JsonFields tool = new JsonFields(node.get(i), Set.of("type", "function"), path);
            if (!"function".equals(tool.string("type", null))) {
                throw OpenAiException.invalid(path + ".type", "only tools of type `function` are supported");
            }
            JsonFields function = new JsonFields(tool.get("function"), Set.of("name", "description", "parameters", "strict"),
                    path + ".function");
            String name = function.string("name", null);
            if (name == null || !FUNCTION_NAME.matcher(name).matches()) {
                throw OpenAiException.invalid(path + ".function.name",
                        "`" + path + ".function.name` must be 1 to 64 of a-z, A-Z, 0-9, _ and -");
            }
            if (!names.add(name)) {
                throw OpenAiException.invalid(path + ".function.name", "two tools are named `" + name + "`");
            }
            function.string("description", null);
            function.bool("strict", false);
            JsonNode parameters = function.get("parameters");
            if (parameters != null && !parameters.isNull() && (!parameters.isObject()
                    || (parameters.has("type") && !"object".equals(parameters.get("type").asText())))) {
                throw OpenAiException.invalid(path + ".function.parameters",
                        "`" + path + ".function.parameters` must be a JSON Schema of type object");
            }
            tools.add(Json.MAPPER.convertValue(node.get(i), Object.class));
        }
        return tools;
    }

    enum Mode { AUTO, NONE, REQUIRED, NAMED }

    /** {@code name} is the forced function's for {@link Mode#NAMED}, else null. */
    record ToolChoice(Mode mode, String name) {
        static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
        static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);
        static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);

        boolean forced() {
            return mode == Mode.REQUIRED || mode == Mode.NAMED;
        }
    }

    private static ToolChoice toolChoice(JsonNode node, List<Object> tools) {
        if (node == null || node.isNull()) {
            return tools.isEmpty() ? ToolChoice.NONE : ToolChoice.AUTO;
        }
        ToolChoice choice;
        String named = null;
        if (node.isTextual()) {
            choice = switch (node.asText()) {
                case "auto" -> ToolChoice.AUTO;
                case "none" -> ToolChoice.NONE;
                case "required", "any" -> ToolChoice.REQUIRED;
                default -> throw OpenAiException.invalid("tool_choice", "`tool_choice` must be auto, none, required (or any), or a named function");
            };
        } else if (node.isObject()) {
            JsonFields f = new JsonFields(node, Set.of("type", "function"), "tool_choice");
            if (!"function".equals(f.string("type", null))) {
                throw OpenAiException.invalid("tool_choice.type", "`tool_choice.type` must be `function`");
            }
            if (f.get("function") == null) {
                choice = ToolChoice.REQUIRED; // Fireworks' older form: force some call
            } else {
                named = new JsonFields(f.get("function"), Set.of("name"), "tool_choice.function").string("name", null);
                choice = new ToolChoice(Mode.NAMED, named);
            }
        } else {
            throw OpenAiException.invalid("tool_choice", "`tool_choice` must be a string or an object");
        }
        if (choice.forced() && tools.isEmpty()) {
            throw OpenAiException.invalid("tool_choice", "`tool_choice` forces a tool call but `tools` is empty");
        }
        if (choice.mode() == Mode.NAMED) {
            String wanted = named;
            boolean exists = tools.stream().anyMatch(t -> wanted != null && wanted.equals(functionOf(t).get("name")));
            if (!exists) {
                throw OpenAiException.invalid("tool_choice.function.name", "`tool_choice` names function `" + named
                        + "`, which is not among `tools`");
            }
        }
        return choice;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> functionOf(Object tool) {
        return (Map<String, Object>) ((Map<String, Object>) tool).get("function");
    }

    private String toolGrammar(List<Object> tools, ToolChoice choice, boolean parallel) {
        if (!toolFormat.supportsForcedCalls()) {
            throw OpenAiException.invalid("tool_choice", "forcing a tool call is not supported for this model's tool-call format ("
                    + toolFormat.family() + ")");
        }
        GbnfBuilder builder = new GbnfBuilder();
        List<String> calls = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            Map<String, Object> function = functionOf(tools.get(i));
            String name = (String) function.get("name");
            if (choice.mode() == Mode.NAMED && !name.equals(choice.name())) {
                continue;
            }
            Object parameters = function.get("parameters");
            JsonNode schema = parameters == null ? Json.MAPPER.createObjectNode().put("type", "object")
                    : Json.MAPPER.valueToTree(parameters);
            String rule;
            try {
                rule = builder.addSchema("fn-" + i, schema);
            } catch (SchemaException e) {
                throw OpenAiException.invalid("tools[" + i + "].function.parameters", e.getMessage());
            }
            calls.add(toolFormat.callGrammar(name, rule));
        }
        return builder.build(toolFormat.callsGrammar(calls, parallel && toolFormat.supportsParallel()));
    }

    /**
     * The reasoning tokens a request allows, as Fireworks documents for DeepSeek R1: an integer is the budget,
     * {@code low} caps reasoning at 40 % of max_tokens; at the budget the closing tag is written for the model.
     */
    private Integer reasoningBudget(JsonNode effort, int maxTokens) {
        if (effort == null || !reasoningFormat.hasReasoning()) {
            return null;
        }
        if (effort.isIntegralNumber()) {
            return effort.asInt();
        }
        if (effort.isTextual() && effort.asText().equals("low")) {
            return Math.max(1, maxTokens * 2 / 5);
        }
        return null;
    }

    private Map<String, Object> reasoningKwargs(JsonNode effort) {
        if (effort == null || effort.isNull()) {
            return Map.of();
        }
        boolean off;
        if (effort.isBoolean()) {
            off = !effort.asBoolean();
        } else if (effort.isTextual() && (effort.asText().equals("none") || EFFORTS.contains(effort.asText()))) {
            off = effort.asText().equals("none");
        } else if (effort.isIntegralNumber()) {
            off = false;
            if (effort.asLong() < 1 || effort.asLong() >= MAX_REASONING_BUDGET) {
                throw OpenAiException.invalid("reasoning_effort", "a token budget as `reasoning_effort` must be from 1 to "
                        + (MAX_REASONING_BUDGET - 1));
            }
        } else {
            throw OpenAiException.invalid("reasoning_effort", "`reasoning_effort` must be none, low, medium, high, a boolean or a token budget");
        }
        if (!reasoningFormat.hasReasoning()) {
            if (off) {
                return Map.of();
            }
            throw OpenAiException.invalid("reasoning_effort", "this model's chat template does not reason");
        }
        if (off) {
            if (reasoningFormat.disableThinkingKwargs().isEmpty()) {
                throw OpenAiException.invalid("reasoning_effort", "this model's chat template cannot turn thinking off");
            }
            return reasoningFormat.disableThinkingKwargs();
        }
        return Map.of();
    }
}
