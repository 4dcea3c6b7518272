package dev.hearth.engine.runner;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Serves {@code /v1/completions}: OpenAI {@code text_completion} objects, whole or as SSE chunks. */
final class CompletionServing {
    private final String id = "cmpl-" + UUID.randomUUID().toString().replace("-", "");
    private final long created = System.currentTimeMillis() / 1000;
    private final Completions.Parsed parsed;
    private final Completions.Options options;

    private CompletionServing(Completions.Parsed parsed) {
        this.parsed = parsed;
        this.options = parsed.options();
    }

    static void serve(Context ctx, Runner.Loaded loaded, Completions.Parsed parsed) throws Exception {
        Submission submission = Serving.submit(loaded.scheduler(), loaded.model(), parsed.options());
        CompletionServing serving = new CompletionServing(parsed);
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
        ObjectNode body = envelope("text_completion");
        ArrayNode array = body.putArray("choices");
        List<Generation.Done> done = new ArrayList<>();
        for (int i = 0; i < choices.size(); i++) {
            Serving.Choice choice = choices.get(i);
            done.add(choice.done);
            ObjectNode node = array.addObject();
            String echoed = parsed.echo() ? parsed.promptText() : "";
            node.put("text", echoed + choice.text);
            node.put("index", i);
            if (options.request().wantsLogprobs()) {
                List<TokenLogprob> tokens = new ArrayList<>(parsed.echo() ? choice.promptScores : List.of());
                tokens.addAll(choice.logprobs);
                node.set("logprobs", logprobs(tokens, 0));
            } else {
                node.putNull("logprobs");
            }
            node.put("finish_reason", choice.done.reason().wire);
            if (options.rawOutput()) {
                ObjectNode raw = node.putObject("raw_output");
                raw.putArray("prompt_fragments").add(parsed.promptText());
                raw.set("prompt_token_ids", Json.MAPPER.valueToTree(options.request().prompt()));
                raw.put("completion", choice.text.toString());
                if (options.request().wantsLogprobs()) {
                    raw.set("completion_logprobs", logprobs(choice.logprobs, 0));
                }
            }
        }
        body.set("usage", Serving.usage(done));
        if (options.perfMetrics()) {
            body.set("perf_metrics", Serving.perfMetrics(done));
        }
        ctx.contentType("application/json").result(body.toString());
    }

    /** Legacy completions logprobs: parallel arrays, plus Fireworks' token_ids; offsets count UTF-16 chars like OpenAI's. */
    private static ObjectNode logprobs(List<TokenLogprob> tokens, int offset) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        ArrayNode texts = node.putArray("tokens");
        ArrayNode values = node.putArray("token_logprobs");
        ArrayNode tops = node.putArray("top_logprobs");
        ArrayNode offsets = node.putArray("text_offset");
        for (TokenLogprob t : tokens) {
            texts.add(t.text());
            offsets.add(offset);
            offset += t.text().length();
            if (Float.isNaN(t.logprob())) {
                values.addNull();
                tops.addNull();
                continue;
            }
            values.add(t.logprob());
            ObjectNode top = tops.addObject();
            for (TokenLogprob alternative : t.top()) {
                if (!top.has(alternative.text())) {
                    top.put(alternative.text(), alternative.logprob());
                }
            }
        }
        node.set("token_ids", Serving.tokenIds(tokens));
        return node;
    }

    private void stream(Context ctx, Submission submission) throws InterruptedException {
        int n = submission.size();
        int[] offsets = new int[n];
        List<Generation.Done> done = new ArrayList<>();
        try {
            OutputStream out = Serving.startStream(ctx, submission);
            if (parsed.echo() && !options.request().wantsLogprobs()) {
                for (int i = 0; i < n; i++) {
                    Serving.send(out, chunk(i, parsed.promptText(), null, null, null));
                    offsets[i] = parsed.promptText().length();
                }
            }
            while (done.size() < n) {
                Generation.Tagged tagged = submission.next();
                int i = tagged.choice();
                switch (tagged.event()) {
                    case Generation.Text t -> {
                        Serving.send(out, chunk(i, t.text(), logprobsFor(t.logprobs(), offsets[i]), null, null));
                        offsets[i] += t.logprobs().stream().mapToInt(l -> l.text().length()).sum();
                    }
                    case Generation.PromptScores scores -> {
                        Serving.send(out, chunk(i, parsed.promptText(), logprobs(scores.tokens(), 0), null, null));
                        offsets[i] = scores.tokens().stream().mapToInt(l -> l.text().length()).sum();
                    }
                    case Generation.Done d -> {
                        done.add(d);
                        // Fireworks sends usage in the chunk that finishes the request (the last choice to finish).
                        Serving.send(out, chunk(i, "", null, d, done.size() == n ? done : null));
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

    private ObjectNode logprobsFor(List<TokenLogprob> tokens, int offset) {
        return options.request().wantsLogprobs() ? logprobs(tokens, offset) : null;
    }

    private ObjectNode chunk(int index, String text, ObjectNode logprobs, Generation.Done done, List<Generation.Done> all) {
        ObjectNode body = envelope("text_completion");
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("text", text);
        choice.put("index", index);
        choice.set("logprobs", logprobs == null ? Json.MAPPER.nullNode() : logprobs);
        if (done == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", done.reason().wire);
        }
        Serving.usageOrNull(body, all, options.perfMetrics());
        return body;
    }
}
