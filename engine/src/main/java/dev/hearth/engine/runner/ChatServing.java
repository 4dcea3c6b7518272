package dev.hearth.engine.runner;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;
import dev.hearth.engine.chat.Delta;
import dev.hearth.engine.chat.ChatOutputParser;
import dev.hearth.engine.chat.StreamParser;
import dev.hearth.engine.chat.ToolCall;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Serves {@code /v1/chat/completions}: generated text is split into reasoning and content, and tool calls in
 * the model family's syntax become OpenAI {@code tool_calls}; whole responses or {@code chat.completion.chunk}s.
 */
final class ChatServing {
    private final String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    private final long created = System.currentTimeMillis() / 1000;
    private final ChatCompletions.Parsed parsed;
    private final Completions.Options options;

    private ChatServing(ChatCompletions.Parsed parsed) {
        this.parsed = parsed;
        this.options = parsed.options();
    }

    static void serve(Context ctx, Runner.Loaded loaded, ChatCompletions.Parsed parsed) throws Exception {
        Submission submission = Serving.submit(loaded.scheduler(), loaded.model(), parsed.options());
        ChatServing serving = new ChatServing(parsed);
        if (parsed.options().stream()) {
            serving.stream(ctx, submission);
        } else {
            serving.respond(ctx, Serving.collect(submission));
        }
    }

    private ObjectNode envelope(String object) {
        return Serving.envelope(id, object, created, options.model());
    }

    private void respond(Context ctx, List<Serving.Choice> choices) {
        ObjectNode body = envelope("chat.completion");
        ArrayNode array = body.putArray("choices");
        List<Generation.Done> done = new ArrayList<>();
        for (int i = 0; i < choices.size(); i++) {
            Serving.Choice choice = choices.get(i);
            done.add(choice.done);
            String raw = choice.text.toString();
            ChatOutputParser.Parsed output = parsed.output().parse(raw);
            String content = output.content();
            List<ToolCall> calls = output.toolCalls();
            ObjectNode node = array.addObject();
            node.put("index", i);
            ObjectNode message = node.putObject("message");
            message.put("role", "assistant");
            if (calls.isEmpty() || !content.isEmpty()) {
                message.put("content", content);
            } else {
                message.putNull("content");
            }
            if (!output.reasoningContent().isEmpty()) {
                message.put("reasoning_content", output.reasoningContent());
            }
            if (!calls.isEmpty()) {
                ArrayNode toolCalls = message.putArray("tool_calls");
                for (int c = 0; c < calls.size(); c++) {
                    toolCalls.add(toolCall(c, calls.get(c).id(), calls.get(c).name(), calls.get(c).argumentsJson()));
                }
            }
            node.set("logprobs", options.request().wantsLogprobs() ? logprobs(choice.logprobs) : Json.MAPPER.nullNode());
            node.put("finish_reason", finishReason(choice.done, !calls.isEmpty()));
            if (options.rawOutput()) {
                node.set("raw_output", rawOutput(raw, choice.logprobs));
            }
        }
        body.set("usage", Serving.usage(done));
        if (options.perfMetrics()) {
            body.set("perf_metrics", Serving.perfMetrics(done));
        }
        ctx.contentType("application/json").result(body.toString());
    }

    private ObjectNode rawOutput(String completion, List<TokenLogprob> tokens) {
        ObjectNode raw = Json.MAPPER.createObjectNode();
        raw.putArray("prompt_fragments").add(parsed.prompt());
        raw.set("prompt_token_ids", Json.MAPPER.valueToTree(options.request().prompt()));
        raw.put("completion", completion);
        if (options.request().wantsLogprobs()) {
            raw.set("completion_logprobs", logprobs(tokens));
        }
        return raw;
    }

    private static String finishReason(Generation.Done done, boolean calledTools) {
        return calledTools && done.reason() == FinishReason.STOP ? "tool_calls" : done.reason().wire;
    }

    private static ObjectNode toolCall(int index, String callId, String name, String arguments) {
        ObjectNode call = Json.MAPPER.createObjectNode();
        call.put("index", index);
        if (callId != null) {
            call.put("id", callId);
            call.put("type", "function");
        }
        ObjectNode function = call.putObject("function");
        if (name != null) {
            function.put("name", name);
        }
        function.put("arguments", arguments == null ? "" : arguments);
        return call;
    }

    /** OpenAI chat logprobs: {@code content[]} entries with token, logprob, bytes and top_logprobs. */
    private static ObjectNode logprobs(List<TokenLogprob> tokens) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        ArrayNode content = node.putArray("content");
        for (TokenLogprob t : tokens) {
            ObjectNode entry = entry(t);
            ArrayNode top = entry.putArray("top_logprobs");
            t.top().forEach(alternative -> top.add(entry(alternative)));
            content.add(entry);
        }
        node.putNull("refusal");
        return node;
    }

    private static ObjectNode entry(TokenLogprob t) {
        ObjectNode entry = Json.MAPPER.createObjectNode();
        entry.put("token", t.text());
        entry.put("logprob", t.logprob());
        ArrayNode bytes = entry.putArray("bytes");
        for (byte b : t.bytes()) {
            bytes.add(b & 0xff);
        }
        return entry;
    }

    private void stream(Context ctx, Submission submission) throws InterruptedException {
        int n = submission.size();
        List<StreamParser> parsers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parsers.add(parsed.output().newStreamParser());
        }
        boolean[] calledTools = new boolean[n];
        List<Generation.Done> done = new ArrayList<>();
        try {
            OutputStream out = Serving.startStream(ctx, submission);
            for (int i = 0; i < n; i++) {
                ObjectNode delta = Json.MAPPER.createObjectNode().put("role", "assistant").put("content", "");
                Serving.send(out, chunk(i, delta, null, null, null));
            }
            while (done.size() < n) {
                Generation.Tagged tagged = submission.next();
                int i = tagged.choice();
                switch (tagged.event()) {
                    case Generation.Text t -> {
                        ObjectNode logprobs = options.request().wantsLogprobs() ? logprobs(t.logprobs()) : null;
                        List<Delta> deltas = parsers.get(i).accept(t.text());
                        if (deltas.isEmpty() && logprobs != null) {
                            Serving.send(out, chunk(i, Json.MAPPER.createObjectNode().put("content", ""), logprobs, null, null));
                        }
                        for (Delta delta : deltas) {
                            calledTools[i] |= delta instanceof Delta.ToolCallDelta;
                            Serving.send(out, chunk(i, deltaJson(delta), logprobs, null, null));
                            logprobs = null;
                        }
                    }
                    case Generation.PromptScores ignored -> { }
                    case Generation.Done d -> {
                        for (Delta delta : parsers.get(i).finish()) {
                            calledTools[i] |= delta instanceof Delta.ToolCallDelta;
                            Serving.send(out, chunk(i, deltaJson(delta), null, null, null));
                        }
                        done.add(d);
                        Serving.send(out, chunk(i, Json.MAPPER.createObjectNode(), null,
                                finishReason(d, calledTools[i]), done.size() == n ? done : null));
                    }
                    case Generation.Failed failed -> {
                        submission.cancel();
                        Serving.send(out, Serving.errorBody(failed));
                        Serving.sendDone(out);
                        return;
                    }
                }
            }
            Serving.sendDone(out);
        } catch (IOException e) {
            submission.cancel(); // the client went away: free its slots
        }
    }

    private static ObjectNode deltaJson(Delta delta) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        switch (delta) {
            case Delta.Content c -> node.put("content", c.text());
            case Delta.Reasoning r -> node.put("reasoning_content", r.text());
            case Delta.ToolCallDelta call -> node.putArray("tool_calls")
                    .add(toolCall(call.index(), call.id(), call.name(), call.argumentsFragment()));
        }
        return node;
    }

    private ObjectNode chunk(int index, ObjectNode delta, ObjectNode logprobs, String finishReason, List<Generation.Done> all) {
        ObjectNode body = envelope("chat.completion.chunk");
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", index);
        choice.set("delta", delta);
        choice.set("logprobs", logprobs == null ? Json.MAPPER.nullNode() : logprobs);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        Serving.usageOrNull(body, all, options.perfMetrics());
        return body;
    }
}
