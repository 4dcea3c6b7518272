package dev.hearth.engine.chat;

import dev.hearth.engine.chat.JsonSectionFormat.Opening;
import dev.hearth.engine.chat.JsonSectionFormat.Syntax;
import java.util.List;

/** Chooses the tool-call format from a chat template's source. */
public final class ToolCallFormats {
    private ToolCallFormats() {}

    /** The message for requests with tools when the template's format is unknown. */
    public static final String NOT_SUPPORTED = "tool calling is not supported for this model's chat template";

    private static final List<String> NAME = List.of("name");
    private static final List<String> ARGUMENTS = List.of("arguments", "parameters");

    /**
     * The format the template teaches the model. A template that mentions tools in a way not recognised here gets a
     * format with {@code supportsTools() == false}; the syntax is never guessed.
     */
    public static ToolCallFormat detect(String template) {
        if (template == null) {
            return new UnsupportedFormat("none");
        }
        if (template.contains("<|tool_calls_section_begin|>")) {
            return new KimiFormat();
        }
        if (template.contains("｜DSML｜")) {
            return new DsmlFormat(template.contains("function_calls>") ? "function_calls" : "tool_calls");
        }
        if (template.contains("tool▁calls▁begin")) {
            return new DeepSeekFormat(template.contains("```json"));
        }
        if (template.contains("[TOOL_CALLS]")) {
            return new MistralFormat(!template.contains("[ARGS]") ? MistralFormat.Variant.JSON_ARRAY
                    : template.contains("[CALL_ID]") ? MistralFormat.Variant.NAME_CALL_ID_ARGS
                    : MistralFormat.Variant.NAME_ARGS);
        }
        if (template.contains("functools[")) {
            // The "[" of the trigger is left to the JSON array that follows.
            Opening functools = new Opening(Trigger.literal("functools["), "functools".length(), null);
            return json("firefunction-v2", functools, NAME, ARGUMENTS,
                    new Syntax("", "name", "arguments", "", " functools[", ", ", "]", true));
        }
        if (template.contains("<seed:tool_call>")) {
            return new XmlFunctionFormat("seed-oss", "<seed:tool_call>", "</seed:tool_call>");
        }
        if (template.contains("<tool_call>") && template.contains("<function=")) {
            return new XmlFunctionFormat("qwen3-coder", "<tool_call>", "</tool_call>");
        }
        if (template.contains("<function=") && template.contains("<|start_header_id|>")) {
            return new FunctionaryFormat();
        }
        if (template.contains(">>>all")) {
            return new FunctionaryV32Format();
        }
        if (template.contains("<arg_key>") && template.contains("<tool_call>")) {
            return new GlmFormat();
        }
        if (template.contains("<tool_calls>[")) {
            return json("apriel", Opening.of("<tool_calls>", "</tool_calls>"), NAME, ARGUMENTS,
                    new Syntax("", "name", "arguments", "", "<tool_calls>[", ", ", "]</tool_calls>", true));
        }
        if (template.contains("<tool_calls>\\n")) {
            return json("minimax-m1", Opening.of("<tool_calls>", "</tool_calls>"), NAME, ARGUMENTS,
                    new Syntax("", "name", "arguments", "", "<tool_calls>\n", "\n", "\n</tool_calls>", true));
        }
        if (template.contains("<tool_call>") && !template.contains("<invoke name=")) {
            return json("hermes", Opening.of("<tool_call>", "</tool_call>"), NAME, ARGUMENTS,
                    new Syntax("<tool_call>\n", "name", "arguments", "\n</tool_call>", "", "\n", "", true));
        }
        if (template.contains("<|tool_call>call:")) {
            return new GemmaFormat();
        }
        if (template.contains("<|START_ACTION|>")) {
            return new CohereFormat();
        }
        if (template.contains("<TOOLCALL>")) {
            return json("nemotron-v2", Opening.of("<TOOLCALL>", "</TOOLCALL>"), NAME, ARGUMENTS,
                    new Syntax("", "name", "arguments", "", "<TOOLCALL>[", ", ", "]</TOOLCALL>", true));
        }
        if (template.contains("<|tool_call|>")) {
            return json("granite-3", Opening.of("<|tool_call|>", null), NAME, ARGUMENTS,
                    new Syntax("", "name", "arguments", "", "<|tool_call|>[", ", ", "]", true));
        }
        if (template.contains("<|function_call|>")) {
            return json("gigachat-3.1", Opening.of("<|function_call|>", null), NAME, ARGUMENTS,
                    new Syntax("<|function_call|>", "name", "arguments", "", "", "", "", false));
        }
        if (template.contains("<|start_header_id|>") && template.contains("\"parameters\"")) {
            return json("llama3", List.of(new Opening(new JsonObjectTrigger(), 0, null),
                            Opening.of("<|python_tag|>", null)), NAME, List.of("parameters", "arguments"),
                    new Syntax("", "name", "parameters", "", "", "", "", false));
        }
        return new UnsupportedFormat(template.contains("tool") ? "unknown" : "none");
    }

    /** A format that reads no tool calls at all: for requests without tools or with {@code tool_choice: none}. */
    public static ToolCallFormat contentOnly() {
        return new UnsupportedFormat("none");
    }

    private static ToolCallFormat json(String family, Opening opening, List<String> nameKeys, List<String> argumentKeys,
                                       Syntax syntax) {
        return json(family, List.of(opening), nameKeys, argumentKeys, syntax);
    }

    private static ToolCallFormat json(String family, List<Opening> openings, List<String> nameKeys,
                                       List<String> argumentKeys, Syntax syntax) {
        return new JsonSectionFormat(family, openings, nameKeys, argumentKeys, syntax);
    }
}
