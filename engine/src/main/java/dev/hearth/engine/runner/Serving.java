package dev.hearth.engine.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;
import dev.hearth.engine.llama.LlamaModel;
import dev.hearth.engine.llama.Sampler;
import dev.hearth.engine.llama.SamplingParams;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What the completion and chat endpoints share: submitting the choices, usage, perf metrics and SSE framing. */
final class Serving {
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);
    static final String PROMPT_TOKENS_HEADER = "fireworks-prompt-tokens";

    private Serving() {}

    /** Builds one sampler per choice (choice i uses seed + i, so seeded choices differ but stay reproducible). */
    static Submission submit(Scheduler scheduler, LlamaModel model, Completions.Options options) {
        List<Sampler> samplers = new ArrayList<>();
        SamplingParams sampling = options.request().sampling();
        try {
            for (int i = 0; i < options.n(); i++) {
                SamplingParams choice = sampling.seed() == null || i == 0 ? sampling : sampling.withSeed(sampling.seed() + i);
                samplers.add(Sampler.create(model, choice));
            }
        } catch (Sampler.GrammarException e) {
            samplers.forEach(Sampler::close);
            throw OpenAiException.invalid("grammar", e.getMessage());
        }
        return scheduler.submit(options.request(), samplers);
    }

    /** Per-choice state while events arrive. */
    static final class Choice {
        final StringBuilder text = new StringBuilder();
        final List<TokenLogprob> logprobs = new ArrayList<>();
        List<TokenLogprob> promptScores = List.of();
        Generation.Done done;
    }

    /** Waits for every choice to finish; a failed choice fails the request. */
    static List<Choice> collect(Submission submission) throws InterruptedException {
        List<Choice> choices = new ArrayList<>();
        for (int i = 0; i < submission.size(); i++) {
            choices.add(new Choice());
        }
        int open = choices.size();
        while (open > 0) {
            Generation.Tagged tagged = submission.next();
            Choice choice = choices.get(tagged.choice());
            switch (tagged.event()) {
                case Generation.Text t -> {
                    choice.text.append(t.text());
                    choice.logprobs.addAll(t.logprobs());
                }
                case Generation.PromptScores scores -> choice.promptScores = scores.tokens();
                case Generation.Done done -> {
                    choice.done = done;
                    open--;
                }
                case Generation.Failed failed -> {
                    submission.cancel();
                    throw failure(failed);
                }
            }
        }
        return choices;
    }

    static OpenAiException failure(Generation.Failed failed) {
        return new OpenAiException(failed.status(), failed.type(), null, null, failed.message());
    }

    /** Usage over all choices: the prompt counts once, completions add up. */
    static ObjectNode usage(List<Generation.Done> done) {
        Generation.Usage first = done.getFirst().usage();
        int completion = 0;
        int accepted = 0;
        int rejected = 0;
        for (Generation.Done d : done) {
            completion += d.usage().completionTokens();
            accepted += d.usage().acceptedPrediction();
            rejected += d.usage().rejectedPrediction();
        }
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("prompt_tokens", first.promptTokens());
        node.put("completion_tokens", completion);
        node.put("total_tokens", first.promptTokens() + completion);
        node.putObject("prompt_tokens_details").put("cached_tokens", first.cachedTokens());
        ObjectNode details = node.putObject("completion_tokens_details");
        details.put("accepted_prediction_tokens", accepted);
        details.put("rejected_prediction_tokens", rejected);
        return node;
    }

    /** The {@code perf_metrics} object of perf_metrics_in_response: durations in seconds, measured by the runner. */
    static ObjectNode perfMetrics(List<Generation.Done> done) {
        Generation.Done first = done.getFirst();
        Generation.Timing t = first.timing();
        long lastToken = done.stream().mapToLong(d -> d.timing().finished()).max().orElse(t.finished());
        int prompt = first.usage().promptTokens();
        int cached = first.usage().cachedTokens();
        int completion = done.stream().mapToInt(d -> d.usage().completionTokens()).sum();
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("prefill_queue_duration", seconds(t.started() - t.submitted()));
        node.put("prefill_duration", seconds(t.firstToken() - t.started()));
        node.put("time_to_first_token", seconds(t.firstToken() - t.submitted()));
        node.put("time_to_last_token", seconds(lastToken - t.submitted()));
        node.put("prompt_tokens", prompt);
        node.put("cached_prompt_tokens", cached);
        node.put("cache_hit_rate", prompt == 0 ? 0 : (double) cached / prompt);
        double generating = seconds(lastToken - t.firstToken());
        node.put("generation_tokens_per_second", generating > 0 ? completion / generating : 0);
        return node;
    }

    private static double seconds(long nanos) {
        return Math.max(0, nanos) / 1e9;
    }

    /** The fields every response object and chunk starts with. */
    static ObjectNode envelope(String id, String object, long created, String model) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("id", id);
        body.put("object", object);
        body.put("created", created);
        body.put("model", model);
        return body;
    }

    /** Usage (and perf metrics when asked) on the chunk that ends the request; null on the others. */
    static void usageOrNull(ObjectNode chunk, List<Generation.Done> all, boolean perfMetrics) {
        if (all == null) {
            chunk.putNull("usage");
            return;
        }
        chunk.set("usage", usage(all));
        if (perfMetrics) {
            chunk.set("perf_metrics", perfMetrics(all));
        }
    }

    static ArrayNode tokenIds(List<TokenLogprob> tokens) {
        ArrayNode ids = Json.MAPPER.createArrayNode();
        tokens.forEach(t -> ids.add(t.token()));
        return ids;
    }

    /**
     * Starts an SSE response. The prompt's token count is known before the first event and goes in a header as
     * Fireworks sends it; the cached part is only known once a slot takes the request, so it comes in the usage chunk.
     */
    static OutputStream startStream(Context ctx, Submission submission) throws IOException {
        ctx.status(200);
        ctx.res().setContentType("text/event-stream");
        ctx.res().setHeader("Cache-Control", "no-cache");
        ctx.res().setHeader(PROMPT_TOKENS_HEADER, Integer.toString(submission.promptTokens()));
        return ctx.res().getOutputStream();
    }

    static void send(OutputStream out, JsonNode json) throws IOException {
        out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static void sendDone(OutputStream out) throws IOException {
        out.write(DONE);
        out.flush();
    }

    static JsonNode errorBody(Generation.Failed failed) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("message", failed.message());
        error.put("type", failed.type());
        error.putNull("param");
        error.putNull("code");
        return body;
    }
}
