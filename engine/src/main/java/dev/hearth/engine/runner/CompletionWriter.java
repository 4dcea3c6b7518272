package dev.hearth.engine.runner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;

/** Builds OpenAI {@code text_completion} objects: the whole response, or the chunks of a stream. */
final class CompletionWriter {
    private final String id;
    private final String model;
    private final long created = System.currentTimeMillis() / 1000;

    CompletionWriter(String id, String model) {
        this.id = id;
        this.model = model;
    }

    /**
     * The whole response, or a stream chunk: {@code done} is null on every chunk but the last, which carries
     * finish_reason and usage (earlier chunks have usage null).
     */
    ObjectNode body(String text, Generation.Done done) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("id", id);
        body.put("object", "text_completion");
        body.put("created", created);
        body.put("model", model);
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("text", text);
        choice.put("index", 0);
        choice.putNull("logprobs");
        if (done == null) {
            choice.putNull("finish_reason");
            body.putNull("usage");
        } else {
            choice.put("finish_reason", done.reason().wire);
            body.set("usage", usage(done.usage()));
        }
        return body;
    }

    static ObjectNode usage(Generation.Usage usage) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("prompt_tokens", usage.promptTokens());
        node.put("completion_tokens", usage.completionTokens());
        node.put("total_tokens", usage.promptTokens() + usage.completionTokens());
        node.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedTokens());
        return node;
    }
}
