package dev.hearth.engine.template;

import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Hugging Face chat template, rendered the way transformers' {@code apply_chat_template(..., tokenize=False)} does:
 * jinja2's ImmutableSandboxedEnvironment with trim_blocks, lstrip_blocks, loopcontrols, {@code generation} blocks,
 * transformers' {@code tojson}, {@code raise_exception} and {@code strftime_now}. Parse once, render many times;
 * instances are immutable and thread-safe.
 */
public final class ChatTemplate {
    private final List<Node> body;

    private ChatTemplate(List<Node> body) {
        this.body = body;
    }

    /** @throws TemplateException on a syntax error */
    public static ChatTemplate parse(String source) {
        try {
            return new ChatTemplate(Parser.parse(Objects.requireNonNull(source, "source")));
        } catch (StackOverflowError e) {
            throw new TemplateException("TemplateSyntaxError", "template nested too deeply");
        }
    }

    /**
     * Renders with the given variables (plain Jackson-style values: Map, List, String, Integer/Long/BigInteger,
     * Double, Boolean, null = None; a missing key is undefined).
     *
     * @param now what {@code strftime_now} sees
     * @throws TemplateException when the template raises; there is never partial output
     */
    public String render(Map<String, Object> variables, LocalDateTime now) {
        Scope globals = new Scope(null, Globals.create(Objects.requireNonNull(now, "now")));
        Scope root = new Scope(globals, new HashMap<>(variables));
        StringBuilder out = new StringBuilder(4096);
        try {
            Node.renderAll(body, root, out);
        } catch (StackOverflowError e) {
            throw new TemplateException("RecursionError", "maximum recursion depth exceeded");
        }
        return out.toString();
    }
}
