/*
 * Client for bench/engine/chat: what Hearth's chat features cost on top of plain decoding.
 *
 *   java -cp engine/target/classes bench/engine/chat/ChatBench.java template --template T.jinja --out template.json
 *   java -cp engine/target/classes bench/engine/chat/ChatBench.java chat --url URL --model ID --out chat.json
 *   java -cp engine/target/classes bench/engine/chat/ChatBench.java report --template template.json --chat chat.json
 *
 * Modes:
 *   template  in-process: renders an 8-message conversation with 2 tools through dev.hearth.engine.template.ChatTemplate
 *             (warm-up renders, then timed batches; median microseconds per render)
 *   chat      over HTTP against a running `hearth engine`:
 *             a  the same chat request (temperature 0, ignore_eos, max_tokens 256) unconstrained and with a JSON
 *                schema; decode rate from the server's perf_metrics.generation_tokens_per_second
 *             b  a "rewrite": a greedy 400-token run gives the text, then the same request is timed without and
 *                with prediction.content = that text; both outputs must equal the greedy text
 *             t  POST /apply-template round-trip latency for the conversation of the template mode
 *   report    the markdown table with targets, from the two JSON results (optionally --out FILE for the merged JSON)
 * Needs only the JDK (java.net.http) and, for the template mode, Hearth's engine classes on the class path.
 */

import dev.hearth.engine.template.ChatTemplate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

public class ChatBench {

    static final double TARGET_SCHEMA_OVERHEAD_PCT = 10;
    static final double TARGET_PREDICTION_SPEEDUP = 3;
    static final double TARGET_RENDER_US = 500;

    // ------------------------------------------------------------------------------------ the workloads

    /** The conversation of (c): system, user, tool call, tool result, assistant, user, tool call, tool result. */
    static final String CONVERSATION = """
        {"messages": [
          {"role": "system", "content": "You are a travel assistant for Hearth Travel. Answer briefly, use the tools for live data, and quote prices in the user's currency."},
          {"role": "user", "content": "I'm flying from Lisbon to Oslo next Friday with my partner. What's the weather like in Oslo, and which flights are there?"},
          {"role": "assistant", "content": "", "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"location\\": \\"Oslo, Norway\\", \\"unit\\": \\"celsius\\", \\"days\\": 3}"}}]},
          {"role": "tool", "tool_call_id": "call_1", "content": "{\\"location\\": \\"Oslo, Norway\\", \\"forecast\\": [{\\"day\\": \\"Fri\\", \\"high\\": 4, \\"low\\": -2, \\"sky\\": \\"snow showers\\"}, {\\"day\\": \\"Sat\\", \\"high\\": 2, \\"low\\": -5, \\"sky\\": \\"clear\\"}, {\\"day\\": \\"Sun\\", \\"high\\": 3, \\"low\\": -3, \\"sky\\": \\"cloudy\\"}]}"},
          {"role": "assistant", "content": "Oslo will be cold: around 4 °C on Friday with snow showers, clearing up and colder over the weekend. Shall I look for flights on Friday for two passengers?"},
          {"role": "user", "content": "Yes please, economy, morning departures if possible."},
          {"role": "assistant", "content": "", "tool_calls": [{"id": "call_2", "type": "function", "function": {"name": "search_flights", "arguments": "{\\"origin\\": \\"LIS\\", \\"destination\\": \\"OSL\\", \\"date\\": \\"2026-12-11\\", \\"passengers\\": 2, \\"cabin\\": \\"economy\\", \\"depart_before\\": \\"12:00\\"}"}}]},
          {"role": "tool", "tool_call_id": "call_2", "content": "{\\"flights\\": [{\\"flight\\": \\"TP 1382\\", \\"departs\\": \\"07:05\\", \\"arrives\\": \\"12:10\\", \\"stops\\": 0, \\"price_eur\\": 412}, {\\"flight\\": \\"SK 4640\\", \\"departs\\": \\"09:40\\", \\"arrives\\": \\"16:55\\", \\"stops\\": 1, \\"price_eur\\": 298}]}"}
        ],
        "tools": [
          {"type": "function", "function": {"name": "get_weather", "description": "Current weather and a short forecast for a city.",
            "parameters": {"type": "object", "properties": {
              "location": {"type": "string", "description": "City and country, e.g. Oslo, Norway"},
              "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
              "days": {"type": "integer", "minimum": 1, "maximum": 7, "description": "Days of forecast"}},
              "required": ["location"]}}},
          {"type": "function", "function": {"name": "search_flights", "description": "Search scheduled flights between two airports on a date.",
            "parameters": {"type": "object", "properties": {
              "origin": {"type": "string", "description": "IATA code of the departure airport"},
              "destination": {"type": "string", "description": "IATA code of the arrival airport"},
              "date": {"type": "string", "format": "date"},
              "passengers": {"type": "integer", "minimum": 1, "maximum": 9},
              "cabin": {"type": "string", "enum": ["economy", "premium_economy", "business", "first"]},
              "depart_before": {"type": "string", "description": "Latest departure time, HH:MM"}},
              "required": ["origin", "destination", "date"]}}}
        ]}
        """;

    /** A realistic object schema for (a): strings, integers, an enum and an array of objects. */
    static final String SCHEMA = """
        {"type": "object", "properties": {
          "customer_id": {"type": "string"},
          "name": {"type": "string"},
          "age": {"type": "integer", "minimum": 0, "maximum": 150},
          "tier": {"type": "string", "enum": ["free", "pro", "enterprise"]},
          "email": {"type": "string"},
          "orders": {"type": "array", "items": {"type": "object", "properties": {
              "sku": {"type": "string"}, "quantity": {"type": "integer", "minimum": 1}, "status": {"type": "string", "enum": ["pending", "shipped", "delivered"]}},
            "required": ["sku", "quantity", "status"]}},
          "tags": {"type": "array", "items": {"type": "string"}}},
          "required": ["customer_id", "name", "age", "tier", "email", "orders", "tags"]}
        """;

    static final String SCHEMA_PROMPT = "Extract the customer record from this note as JSON: Maria Santos (41), customer C-1042 on the pro plan, "
            + "maria.santos@example.com, ordered two SKU-7731 (shipped) and one SKU-1180 (pending); tags: early-adopter, eu.";

    static final String REWRITE_PROMPT = """
        Rewrite the following function so that it uses a StringBuilder, keeping its behaviour and its comments:

        static String join(List<String> parts, String separator) {
            // Joins the parts with the separator between them.
            String out = "";
            for (int i = 0; i < parts.size(); i++) {
                if (i > 0) {
                    out = out + separator;
                }
                out = out + parts.get(i);
            }
            return out;
        }""";

    // ------------------------------------------------------------------------------------ template mode

    static Map<String, Object> template(Map<String, String> opts) throws IOException {
        Path file = Path.of(required(opts, "template"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "2000"));
        int renders = Integer.parseInt(opts.getOrDefault("renders", "20000"));
        int batches = Integer.parseInt(opts.getOrDefault("batches", "5"));
        ChatTemplate template = ChatTemplate.parse(Files.readString(file));
        @SuppressWarnings("unchecked")
        Map<String, Object> conversation = (Map<String, Object>) Json.parse(CONVERSATION);
        Map<String, Object> variables = templateVariables(conversation);
        LocalDateTime now = LocalDateTime.now();
        String prompt = template.render(variables, now);
        long sink = 0;
        for (int i = 0; i < warmup; i++) {
            sink += template.render(variables, now).length();
        }
        int perBatch = renders / batches;
        double[] usPerRender = new double[batches];
        for (int b = 0; b < batches; b++) {
            long start = System.nanoTime();
            for (int i = 0; i < perBatch; i++) {
                sink += template.render(variables, now).length();
            }
            usPerRender[b] = (System.nanoTime() - start) / 1e3 / perBatch;
        }
        if (sink == 0) {
            throw new IllegalStateException("nothing rendered");
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("template", file.getFileName().toString());
        res.put("messages", ((List<?>) conversation.get("messages")).size());
        res.put("tools", ((List<?>) conversation.get("tools")).size());
        res.put("prompt_chars", prompt.length());
        res.put("warmup_renders", warmup);
        res.put("timed_renders", perBatch * batches);
        res.put("batches", batches);
        res.put("us_per_render_median", median(usPerRender));
        res.put("us_per_render_min", Arrays.stream(usPerRender).min().orElseThrow());
        res.put("us_per_render_batches", toList(usPerRender));
        res.put("prompt", prompt);
        System.err.printf(Locale.ROOT, "template: %.1f µs/render (median of %d batches of %d; batches %s), %d chars%n",
                median(usPerRender), batches, perBatch, fmtList(usPerRender, "%.1f"), prompt.length());
        return res;
    }

    /** The variables the runner renders with: the request's messages and tools (arguments parsed into objects). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> templateVariables(Map<String, Object> conversation) {
        List<Object> messages = new ArrayList<>();
        for (Object m : (List<Object>) conversation.get("messages")) {
            Map<String, Object> message = new LinkedHashMap<>((Map<String, Object>) m);
            if (message.get("tool_calls") instanceof List<?> calls) {
                List<Object> parsed = new ArrayList<>();
                for (Object c : calls) {
                    Map<String, Object> call = new LinkedHashMap<>((Map<String, Object>) c);
                    Map<String, Object> function = new LinkedHashMap<>((Map<String, Object>) call.get("function"));
                    function.put("arguments", Json.parse((String) function.get("arguments")));
                    call.put("function", function);
                    parsed.add(call);
                }
                message.put("tool_calls", parsed);
            }
            messages.add(message);
        }
        Map<String, Object> variables = new HashMap<>();
        variables.put("messages", messages);
        variables.put("tools", conversation.get("tools"));
        variables.put("documents", null);
        variables.put("add_generation_prompt", true);
        variables.put("bos_token", "");
        variables.put("eos_token", "<|im_end|>");
        return variables;
    }

    // ------------------------------------------------------------------------------------ chat mode

    static final class Client {
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        final String url;
        final String model;

        Client(String url, String model) {
            this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            this.model = model;
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> post(String path, String body) throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
                    .timeout(Duration.ofMinutes(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return (Map<String, Object>) Json.parse(response.body());
        }

        String chatBody(String userText, int maxTokens, String extraFields) {
            return "{\"model\": " + Json.quote(model) + ", \"messages\": [{\"role\": \"user\", \"content\": " + Json.quote(userText) + "}], "
                    + "\"temperature\": 0, \"ignore_eos\": true, \"max_tokens\": " + maxTokens + ", \"perf_metrics_in_response\": true"
                    + (extraFields.isEmpty() ? "" : ", " + extraFields) + "}";
        }
    }

    /** One non-streaming chat completion, timed by the client from send to the end of the response. */
    record Chat(String content, String finishReason, int completionTokens, int accepted, int rejected, double tokPerSec,
                double serverTtft, double serverTtlt, double wallSeconds) {
        @SuppressWarnings("unchecked")
        static Chat send(Client client, String body) throws IOException, InterruptedException {
            long start = System.nanoTime();
            Map<String, Object> res = client.post("/v1/chat/completions", body);
            double wall = (System.nanoTime() - start) / 1e9;
            Map<String, Object> choice = (Map<String, Object>) ((List<Object>) res.get("choices")).getFirst();
            Map<String, Object> message = (Map<String, Object>) choice.get("message");
            Map<String, Object> usage = (Map<String, Object>) res.get("usage");
            Map<String, Object> details = (Map<String, Object>) usage.get("completion_tokens_details");
            Map<String, Object> perf = (Map<String, Object>) res.get("perf_metrics");
            if (perf == null) {
                throw new IllegalStateException("the response has no perf_metrics: " + Json.write(res));
            }
            return new Chat((String) message.get("content"), (String) choice.get("finish_reason"), num(usage.get("completion_tokens")).intValue(),
                    num(details.get("accepted_prediction_tokens")).intValue(), num(details.get("rejected_prediction_tokens")).intValue(),
                    num(perf.get("generation_tokens_per_second")).doubleValue(), num(perf.get("time_to_first_token")).doubleValue(),
                    num(perf.get("time_to_last_token")).doubleValue(), wall);
        }
    }

    static Map<String, Object> chat(Map<String, String> opts) throws Exception {
        Client client = new Client(required(opts, "url"), required(opts, "model"));
        int repeats = Integer.parseInt(opts.getOrDefault("repeats", "3"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "1"));
        String only = opts.getOrDefault("only", "abt");
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("url", client.url);
        res.put("model", client.model);
        res.put("repeats", repeats);
        res.put("warmup", warmup);
        if (only.contains("a")) {
            res.put("schema", schemaOverhead(client, repeats, warmup));
        }
        if (only.contains("b")) {
            res.put("prediction", prediction(client, repeats, warmup));
        }
        if (only.contains("t")) {
            res.put("apply_template", applyTemplate(client, Integer.parseInt(opts.getOrDefault("apply-requests", "500"))));
        }
        return res;
    }

    /** (a): alternating unconstrained and constrained runs, so that load changes hit both alike. */
    static Map<String, Object> schemaOverhead(Client client, int repeats, int warmup) throws Exception {
        String plain = client.chatBody(SCHEMA_PROMPT, 256, "");
        String constrained = client.chatBody(SCHEMA_PROMPT, 256,
                "\"response_format\": {\"type\": \"json_schema\", \"json_schema\": {\"name\": \"customer\", \"schema\": " + SCHEMA.strip() + "}}");
        for (int i = 0; i < warmup; i++) {
            Chat.send(client, plain);
            Chat.send(client, constrained);
        }
        List<Chat> plainRuns = new ArrayList<>();
        List<Chat> constrainedRuns = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            plainRuns.add(Chat.send(client, plain));
            constrainedRuns.add(Chat.send(client, constrained));
            System.err.printf(Locale.ROOT, "schema: run %d: unconstrained %.2f tok/s (%d tokens), json_schema %.2f tok/s (%d tokens, %s)%n", i + 1,
                    plainRuns.getLast().tokPerSec(), plainRuns.getLast().completionTokens(), constrainedRuns.getLast().tokPerSec(),
                    constrainedRuns.getLast().completionTokens(), constrainedRuns.getLast().finishReason());
        }
        double plainRate = median(plainRuns.stream().mapToDouble(Chat::tokPerSec).toArray());
        double constrainedRate = median(constrainedRuns.stream().mapToDouble(Chat::tokPerSec).toArray());
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("unconstrained_tok_s_median", plainRate);
        res.put("constrained_tok_s_median", constrainedRate);
        // Overhead as the increase in time per decoded token.
        res.put("overhead_pct", (plainRate / constrainedRate - 1) * 100);
        res.put("unconstrained", runs(plainRuns));
        res.put("constrained", runs(constrainedRuns));
        String json = constrainedRuns.getLast().content();
        res.put("constrained_output_head", json.length() > 200 ? json.substring(0, 200) + "…" : json);
        res.put("constrained_output_is_complete_json", isJson(json));
        return res;
    }

    /**
     * (b): the greedy text first, then alternating runs without and with it as the prediction. The reference is
     * the second greedy run, so that it, like every measured run, finds its whole prompt in the KV cache: a prompt
     * prefilled in one batch can round differently from one decoded token by token, and greedy follows that.
     */
    static Map<String, Object> prediction(Client client, int repeats, int warmup) throws Exception {
        String plain = client.chatBody(REWRITE_PROMPT, 400, "");
        Chat.send(client, plain);
        Chat greedy = Chat.send(client, plain);
        if (greedy.completionTokens() != 400) {
            throw new IllegalStateException("the greedy run generated " + greedy.completionTokens() + " tokens, not 400");
        }
        String predicted = client.chatBody(REWRITE_PROMPT, 400,
                "\"prediction\": {\"type\": \"content\", \"content\": " + Json.quote(greedy.content()) + "}");
        for (int i = 0; i < warmup; i++) {
            Chat.send(client, predicted);
        }
        List<Chat> plainRuns = new ArrayList<>();
        List<Chat> predictedRuns = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            plainRuns.add(Chat.send(client, plain));
            predictedRuns.add(Chat.send(client, predicted));
            Chat p = predictedRuns.getLast();
            System.err.printf(Locale.ROOT, "prediction: run %d: without %.2f s, with %.2f s (accepted %d, rejected %d)%n", i + 1,
                    plainRuns.getLast().wallSeconds(), p.wallSeconds(), p.accepted(), p.rejected());
        }
        List<Object> mismatchWithout = mismatches(plainRuns, greedy.content());
        List<Object> mismatchWith = mismatches(predictedRuns, greedy.content());
        boolean identical = mismatchWithout.stream().allMatch(m -> (int) m < 0) && mismatchWith.stream().allMatch(m -> (int) m < 0);
        if (!identical) {
            System.err.println("prediction: ERROR: outputs differ from the greedy text; first differing char per run (-1 = identical):"
                    + " without " + mismatchWithout + ", with " + mismatchWith);
        }
        double without = median(plainRuns.stream().mapToDouble(Chat::wallSeconds).toArray());
        double with = median(predictedRuns.stream().mapToDouble(Chat::wallSeconds).toArray());
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("completion_tokens", greedy.completionTokens());
        res.put("output_chars", greedy.content().length());
        res.put("outputs_identical", identical);
        res.put("first_mismatch_without", mismatchWithout);
        res.put("first_mismatch_with", mismatchWith);
        res.put("without_s_median", without);
        res.put("with_s_median", with);
        res.put("speedup", without / with);
        res.put("accepted_prediction_tokens_median", median(predictedRuns.stream().mapToDouble(Chat::accepted).toArray()));
        res.put("rejected_prediction_tokens_median", median(predictedRuns.stream().mapToDouble(Chat::rejected).toArray()));
        res.put("without", runs(plainRuns));
        res.put("with", runs(predictedRuns));
        res.put("greedy_output_head", greedy.content().length() > 200 ? greedy.content().substring(0, 200) + "…" : greedy.content());
        return res;
    }

    /** Per run, the first char where its output departs from the expected text, or -1. */
    static List<Object> mismatches(List<Chat> runs, String expected) {
        List<Object> out = new ArrayList<>();
        for (Chat c : runs) {
            out.add(c.content().equals(expected) ? -1 : mismatch(c.content(), expected));
        }
        return out;
    }

    /** Round trips of POST /apply-template with the conversation of the template mode. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> applyTemplate(Client client, int requests) throws Exception {
        String body = CONVERSATION.strip();
        String prompt = (String) client.post("/apply-template", body).get("prompt");
        for (int i = 0; i < Math.max(50, requests / 10); i++) {
            client.post("/apply-template", body);
        }
        double[] ms = new double[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            client.post("/apply-template", body);
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("requests", requests);
        res.put("ms_median", median(ms));
        res.put("ms_p90", ms[(int) Math.min(ms.length - 1, Math.floor(ms.length * 0.9))]);
        res.put("ms_min", ms[0]);
        res.put("prompt", prompt);
        System.err.printf(Locale.ROOT, "apply-template: median %.3f ms, p90 %.3f ms over %d requests%n", median(ms), res.get("ms_p90"), requests);
        return res;
    }

    static List<Object> runs(List<Chat> chats) {
        List<Object> out = new ArrayList<>();
        for (Chat c : chats) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("wall_s", c.wallSeconds());
            m.put("tok_s", c.tokPerSec());
            m.put("completion_tokens", c.completionTokens());
            m.put("finish_reason", c.finishReason());
            m.put("time_to_first_token_s", c.serverTtft());
            m.put("time_to_last_token_s", c.serverTtlt());
            m.put("accepted_prediction_tokens", c.accepted());
            m.put("rejected_prediction_tokens", c.rejected());
            out.add(m);
        }
        return out;
    }

    static boolean isJson(String text) {
        try {
            return Json.parse(text) instanceof Map;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static int mismatch(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            if (a.charAt(i) != b.charAt(i)) {
                return i;
            }
        }
        return n;
    }

    // ------------------------------------------------------------------------------------ report mode

    @SuppressWarnings("unchecked")
    static String report(Map<String, Object> template, Map<String, Object> chat, String context) {
        StringBuilder sb = new StringBuilder();
        if (!context.isEmpty()) {
            sb.append(context).append("\n\n");
        }
        sb.append("| measurement | without | with | figure | target | result |\n|---|---:|---:|---:|---|---|\n");
        Map<String, Object> schema = chat == null ? null : (Map<String, Object>) chat.get("schema");
        if (schema != null) {
            double overhead = num(schema.get("overhead_pct")).doubleValue();
            sb.append(String.format(Locale.ROOT, "| (a) decode, chat, 256 tokens: unconstrained vs `json_schema` (tok/s) | %.1f | %.1f | %+.1f %% per token | ≤ %.0f %% | %s |%n",
                    num(schema.get("unconstrained_tok_s_median")).doubleValue(), num(schema.get("constrained_tok_s_median")).doubleValue(),
                    overhead, TARGET_SCHEMA_OVERHEAD_PCT, overhead <= TARGET_SCHEMA_OVERHEAD_PCT ? "pass" : "miss"));
        }
        Map<String, Object> prediction = chat == null ? null : (Map<String, Object>) chat.get("prediction");
        if (prediction != null) {
            double speedup = num(prediction.get("speedup")).doubleValue();
            sb.append(String.format(Locale.ROOT, "| (b) 400-token rewrite, without vs with `prediction` = greedy output (s) | %.2f | %.2f | %.2f× faster | ≥ %.0f× | %s |%n",
                    num(prediction.get("without_s_median")).doubleValue(), num(prediction.get("with_s_median")).doubleValue(),
                    speedup, TARGET_PREDICTION_SPEEDUP, speedup >= TARGET_PREDICTION_SPEEDUP ? "pass" : "miss"));
        }
        if (template != null) {
            double us = num(template.get("us_per_render_median")).doubleValue();
            sb.append(String.format(Locale.ROOT, "| (c) template render, %s messages + %s tools, in process (µs) | — | — | %.1f µs | ≤ %.0f µs | %s |%n",
                    fmtInt(template.get("messages")), fmtInt(template.get("tools")), us, TARGET_RENDER_US, us <= TARGET_RENDER_US ? "pass" : "miss"));
        }
        Map<String, Object> apply = chat == null ? null : (Map<String, Object>) chat.get("apply_template");
        if (apply != null) {
            sb.append(String.format(Locale.ROOT, "| (c) `POST /apply-template` round trip, same conversation (ms) | — | — | %.3f ms (p90 %.3f) | context only | — |%n",
                    num(apply.get("ms_median")).doubleValue(), num(apply.get("ms_p90")).doubleValue()));
        }
        if (prediction != null) {
            boolean identical = Boolean.TRUE.equals(prediction.get("outputs_identical"));
            sb.append(String.format(Locale.ROOT, "%n(b): prediction tokens accepted %.0f, rejected %.0f (median per request); %s%n",
                    num(prediction.get("accepted_prediction_tokens_median")).doubleValue(),
                    num(prediction.get("rejected_prediction_tokens_median")).doubleValue(),
                    identical ? "the " + fmtInt(prediction.get("completion_tokens")) + "-token outputs with and without prediction were identical to the greedy run's."
                            : "ERROR: outputs differ from the greedy run's (first differing char per run, -1 = identical: without "
                            + prediction.get("first_mismatch_without") + ", with " + prediction.get("first_mismatch_with") + ")."));
        }
        if (schema != null) {
            List<Object> constrained = (List<Object>) schema.get("constrained");
            Map<String, Object> last = (Map<String, Object>) constrained.getLast();
            sb.append(String.format(Locale.ROOT, "(a): the constrained run generated %s tokens (finish_reason %s); its output %s complete JSON.%n",
                    fmtInt(last.get("completion_tokens")), last.get("finish_reason"),
                    Boolean.TRUE.equals(schema.get("constrained_output_is_complete_json")) ? "is" : "is not (yet)"));
        }
        if (template != null && apply != null) {
            boolean same = String.valueOf(template.get("prompt")).equals(String.valueOf(apply.get("prompt")));
            sb.append(same ? "(c): the in-process render equals the runner's /apply-template prompt.\n"
                    : "(c): WARNING: the in-process render differs from the runner's /apply-template prompt (is the runner using the same template?).\n");
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------ main

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            System.err.println("usage: ChatBench.java template --template T.jinja [--warmup 2000 --renders 20000 --batches 5] [--out F]\n"
                    + "       ChatBench.java chat --url URL --model ID [--repeats 3 --warmup 1 --only abt --apply-requests 500] [--out F]\n"
                    + "       ChatBench.java report [--template F] [--chat F] [--context TEXT] [--out MERGED.json]");
            System.exit(args.length == 0 ? 2 : 0);
        }
        Map<String, String> opts = options(Arrays.copyOfRange(args, 1, args.length));
        switch (args[0]) {
            case "template" -> write(template(opts), opts.get("out"));
            case "chat" -> {
                Map<String, Object> res = chat(opts);
                write(res, opts.get("out"));
                if (res.get("prediction") instanceof Map<?, ?> p && !Boolean.TRUE.equals(p.get("outputs_identical"))) {
                    System.exit(3);
                }
            }
            case "report" -> {
                Map<String, Object> template = opts.containsKey("template") ? load(opts.get("template")) : null;
                Map<String, Object> chat = opts.containsKey("chat") ? load(opts.get("chat")) : null;
                System.out.print(report(template, chat, opts.getOrDefault("context", "")));
                if (opts.containsKey("out")) {
                    Map<String, Object> merged = new LinkedHashMap<>();
                    merged.put("context", opts.getOrDefault("context", ""));
                    merged.put("template", template);
                    merged.put("chat", chat);
                    Files.writeString(Path.of(opts.get("out")), Json.write(merged) + "\n");
                }
            }
            default -> throw new IllegalArgumentException("unknown mode " + args[0] + "; use template, chat or report");
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --NAME VALUE, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        return opts;
    }

    static String required(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    static void write(Map<String, Object> res, String out) throws IOException {
        String json = Json.write(res) + "\n";
        if (out != null) {
            Files.writeString(Path.of(out), json);
        } else {
            System.out.print(json);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(String file) throws IOException {
        return (Map<String, Object>) Json.parse(Files.readString(Path.of(file)));
    }

    static Number num(Object o) {
        if (o instanceof Number n) {
            return n;
        }
        throw new IllegalStateException("expected a number, got " + o);
    }

    static String fmtInt(Object o) {
        return String.valueOf(num(o).longValue());
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static List<Object> toList(double[] v) {
        List<Object> l = new ArrayList<>();
        for (double d : v) {
            l.add(d);
        }
        return l;
    }

    static String fmtList(double[] v, String pattern) {
        List<String> parts = new ArrayList<>();
        for (double d : v) {
            parts.add(String.format(Locale.ROOT, pattern, d));
        }
        return String.join(", ", parts);
    }

    // ------------------------------------------------------------------------------------ tiny JSON
    /** JSON as Map/List/String/Boolean/null and numbers; integers come back as Integer or Long, as Jackson gives them. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static Object parse(String text) {
            Json j = new Json(text);
            j.ws();
            Object v = j.value();
            j.ws();
            if (j.i != text.length()) {
                throw new IllegalArgumentException("trailing characters in JSON at " + j.i);
            }
            return v;
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private Object value() {
            if (i >= s.length()) {
                throw new IllegalArgumentException("unexpected end of JSON");
            }
            char c = s.charAt(i);
            switch (c) {
                case '{' -> {
                    i++;
                    Map<String, Object> m = new LinkedHashMap<>();
                    ws();
                    if (peek() == '}') {
                        i++;
                        return m;
                    }
                    while (true) {
                        ws();
                        String k = string();
                        ws();
                        expect(':');
                        ws();
                        m.put(k, value());
                        ws();
                        if (peek() == ',') {
                            i++;
                        } else {
                            expect('}');
                            return m;
                        }
                    }
                }
                case '[' -> {
                    i++;
                    List<Object> l = new ArrayList<>();
                    ws();
                    if (peek() == ']') {
                        i++;
                        return l;
                    }
                    while (true) {
                        ws();
                        l.add(value());
                        ws();
                        if (peek() == ',') {
                            i++;
                        } else {
                            expect(']');
                            return l;
                        }
                    }
                }
                case '"' -> {
                    return string();
                }
                case 't' -> {
                    literal("true");
                    return Boolean.TRUE;
                }
                case 'f' -> {
                    literal("false");
                    return Boolean.FALSE;
                }
                case 'n' -> {
                    literal("null");
                    return null;
                }
                default -> {
                    int start = i;
                    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                        i++;
                    }
                    if (start == i) {
                        throw new IllegalArgumentException("bad JSON at " + i);
                    }
                    String number = s.substring(start, i);
                    if (number.matches("-?\\d{1,18}")) {
                        long l = Long.parseLong(number);
                        return l == (int) l ? (Object) (int) l : (Object) l;
                    }
                    return Double.parseDouble(number);
                }
            }
        }

        private char peek() {
            if (i >= s.length()) {
                throw new IllegalArgumentException("unexpected end of JSON");
            }
            return s.charAt(i);
        }

        private void expect(char c) {
            if (i >= s.length() || s.charAt(i) != c) {
                throw new IllegalArgumentException("expected '" + c + "' in JSON at " + i);
            }
            i++;
        }

        private void literal(String w) {
            if (!s.startsWith(w, i)) {
                throw new IllegalArgumentException("bad JSON literal at " + i);
            }
            i += w.length();
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = peek();
                i++;
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = peek();
                i++;
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> sb.append(e);
                }
            }
        }

        static String quote(String v) {
            StringBuilder sb = new StringBuilder("\"");
            for (char c : v.toCharArray()) {
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            return sb.append('"').toString();
        }

        static String write(Object o) {
            StringBuilder sb = new StringBuilder();
            write(sb, o, "");
            return sb.toString();
        }

        private static void write(StringBuilder sb, Object o, String indent) {
            String in = indent + "  ";
            if (o instanceof Map<?, ?> m) {
                if (m.isEmpty()) {
                    sb.append("{}");
                    return;
                }
                sb.append("{\n");
                int k = 0;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    sb.append(in).append(quote(String.valueOf(e.getKey()))).append(": ");
                    write(sb, e.getValue(), in);
                    sb.append(++k < m.size() ? ",\n" : "\n");
                }
                sb.append(indent).append('}');
            } else if (o instanceof List<?> l) {
                sb.append('[');
                for (int k = 0; k < l.size(); k++) {
                    if (k > 0) {
                        sb.append(", ");
                    }
                    write(sb, l.get(k), in);
                }
                sb.append(']');
            } else if (o instanceof String str) {
                sb.append(quote(str));
            } else if (o instanceof Double d) {
                sb.append(d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.4f", d));
            } else {
                sb.append(o);
            }
        }
    }
}
