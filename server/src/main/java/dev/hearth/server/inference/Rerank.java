package dev.hearth.server.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code POST /inference/v1/rerank} (query, documents, top_n, return_documents): documents ordered by relevance to the
 * query. With an embedding model the score is the cosine of the two embeddings; with a causal model, its
 * probability of answering "yes" to Qwen3-Reranker's relevance question.
 */
final class Rerank {
    private static final Set<String> FIELDS = Set.of("model", "query", "documents", "top_n", "return_documents");
    static final int MAX_DOCUMENTS = 1000;

    private Rerank() {}

    record Request(String query, List<String> documents, int topN, boolean returnDocuments) {}

    static Request parse(ObjectNode body) {
        body.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw InferenceError.invalid(f, "unknown field; rerank takes " + FIELDS);
            }
        });
        JsonNode query = body.get("query");
        if (query == null || !query.isTextual() || query.asText().isEmpty()) {
            throw InferenceError.invalid("query", "is required: a non-empty string");
        }
        JsonNode docs = body.get("documents");
        if (docs == null || !docs.isArray() || docs.isEmpty()) {
            throw InferenceError.invalid("documents", "is required: a non-empty array of strings");
        }
        if (docs.size() > MAX_DOCUMENTS) {
            throw InferenceError.invalid("documents", "at most " + MAX_DOCUMENTS + " documents, got " + docs.size());
        }
        List<String> documents = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            JsonNode doc = docs.get(i);
            String text = doc.isTextual() ? doc.asText() : doc.isObject() && doc.path("text").isTextual() ? doc.path("text").asText() : null;
            if (text == null || text.isEmpty()) {
                throw InferenceError.invalid("documents[" + i + "]", "must be a non-empty string (or an object with text)");
            }
            documents.add(text);
        }
        int topN = documents.size();
        JsonNode top = body.get("top_n");
        if (top != null && !top.isNull()) {
            if (!top.isIntegralNumber() || top.asInt() < 1) {
                throw InferenceError.invalid("top_n", "must be a positive integer");
            }
            topN = Math.min(top.asInt(), documents.size());
        }
        JsonNode ret = body.get("return_documents");
        if (ret != null && !ret.isNull() && !ret.isBoolean()) {
            throw InferenceError.invalid("return_documents", "must be a boolean");
        }
        return new Request(query.asText(), documents, topN, ret != null && ret.asBoolean(false));
    }

    /** Scores by embedding cosine: one embeddings call with the query first, then every document. */
    static ObjectNode byEmbeddings(Gateway gateway, ModelResolver.Target target, Request request) throws IOException {
        ObjectNode embed = Json.MAPPER.createObjectNode();
        embed.put("model", target.runnerModel());
        ArrayNode input = embed.putArray("input");
        input.add(request.query());
        request.documents().forEach(input::add);
        JsonNode response = gateway.call(target, "/v1/embeddings", embed);
        JsonNode data = response.path("data");
        float[] query = vector(data.get(0).path("embedding"));
        double[] scores = new double[request.documents().size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = cosine(query, vector(data.get(i + 1).path("embedding")));
        }
        return ranked(target, request, scores, UsageMeter.Usage.of(response.path("usage")));
    }

    /**
     * Scores with a causal model as Qwen3-Reranker does: after its judging prompt, the probability of the answer
     * "yes" against "no". Each is read exactly, as the log-probability of the answer's tokens appended to the prompt ({@code echo} with {@code logprobs}); documents are scored concurrently so the runner batches them.
     */
    static ObjectNode byYesNo(Gateway gateway, ModelResolver.Target target, Request request) throws IOException {
        JsonNode yes = tokens(gateway, target, "yes", false);
        JsonNode no = tokens(gateway, target, "no", false);
        double[] scores = new double[request.documents().size()];
        UsageMeter.Usage[] usages = new UsageMeter.Usage[scores.length];
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> pending = new ArrayList<>();
            for (int i = 0; i < scores.length; i++) {
                int doc = i;
                pending.add(workers.submit(() -> {
                    JsonNode prompt = tokens(gateway, target, yesNoPrompt(request.query(), request.documents().get(doc)), true);
                    JsonNode withYes = answerLogprob(gateway, target, prompt, yes);
                    JsonNode withNo = answerLogprob(gateway, target, prompt, no);
                    scores[doc] = 1 / (1 + Math.exp(logprob(withNo, prompt.size(), no.size()) - logprob(withYes, prompt.size(), yes.size())));
                    usages[doc] = UsageMeter.Usage.of(withYes.path("usage")).plus(UsageMeter.Usage.of(withNo.path("usage")));
                    return null;
                }));
            }
            for (Future<?> f : pending) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw InferenceError.unavailable("INTERRUPTED", "the server is shutting down");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
        UsageMeter.Usage total = UsageMeter.Usage.NONE;
        for (UsageMeter.Usage u : usages) {
            total = total.plus(u);
        }
        return ranked(target, request, scores, total);
    }

    /** Qwen3-Reranker's judging prompt (ChatML, empty thinking block) for one query and document. */
    static String yesNoPrompt(String query, String document) {
        return "<|im_start|>system\nJudge whether the Document meets the requirements based on the Query and the Instruct "
                + "provided. Note that the answer can only be \"yes\" or \"no\".<|im_end|>\n<|im_start|>user\n"
                + "<Instruct>: " + YES_NO_INSTRUCTION + "\n<Query>: " + query + "\n<Document>: " + document
                + "<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n";
    }

    static final String YES_NO_INSTRUCTION = "Given a web search query, retrieve relevant passages that answer the query";

    private static JsonNode tokens(Gateway gateway, ModelResolver.Target target, String text, boolean addSpecial) throws IOException {
        return gateway.call(target, "/tokenize", Json.MAPPER.createObjectNode().put("content", text).put("add_special", addSpecial))
                .path("tokens");
    }

    /** The prompt with the answer's tokens appended, echoed with log-probabilities; one token is generated and ignored. */
    private static JsonNode answerLogprob(Gateway gateway, ModelResolver.Target target, JsonNode prompt, JsonNode answer)
            throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", target.runnerModel());
        ArrayNode ids = body.putArray("prompt");
        prompt.forEach(ids::add);
        answer.forEach(ids::add);
        body.put("max_tokens", 1).put("echo", true).put("logprobs", 0).put("temperature", 0);
        return gateway.call(target, "/v1/completions", body);
    }

    /** The answer's log-probability: the sum over its tokens (one, "yes" or "no", with Qwen3's vocabulary). */
    private static double logprob(JsonNode echoed, int promptTokens, int answerTokens) {
        JsonNode logprobs = echoed.path("choices").path(0).path("logprobs").path("token_logprobs");
        double sum = 0;
        for (int i = promptTokens; i < promptTokens + answerTokens; i++) {
            sum += logprobs.path(i).asDouble();
        }
        return sum;
    }

    /** The response: the top_n documents by descending score. */
    private static ObjectNode ranked(ModelResolver.Target target, Request request, double[] scores, UsageMeter.Usage usage) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble((Integer i) -> -scores[i]));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("object", "list");
        out.put("model", target.name());
        ArrayNode results = out.putArray("data");
        for (int i : order.subList(0, request.topN())) {
            ObjectNode r = results.addObject();
            r.put("index", i);
            r.put("relevance_score", scores[i]);
            if (request.returnDocuments()) {
                r.put("document", request.documents().get(i));
            }
        }
        long tokens = usage.promptTokens() + usage.completionTokens();
        out.putObject("usage").put("prompt_tokens", usage.promptTokens()).put("total_tokens", tokens);
        return out;
    }

    private static float[] vector(JsonNode array) {
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) array.get(i).asDouble();
        }
        return v;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }
}
