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

/**
 * {@code POST /inference/v1/rerank} (query, documents, top_n, return_documents): documents ordered by relevance to the
 * query. With an embedding model the score is the cosine of the two embeddings.
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
        embed.put("model", target.name());
        ArrayNode input = embed.putArray("input");
        input.add(request.query());
        request.documents().forEach(input::add);
        JsonNode response = gateway.call(target, "embeddings", embed);
        JsonNode data = response.path("data");
        float[] query = vector(data.get(0).path("embedding"));
        List<double[]> scored = new ArrayList<>();
        for (int i = 0; i < request.documents().size(); i++) {
            scored.add(new double[] {i, cosine(query, vector(data.get(i + 1).path("embedding")))});
        }
        scored.sort(Comparator.comparingDouble((double[] s) -> -s[1]));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("object", "list");
        out.put("model", target.name());
        ArrayNode results = out.putArray("data");
        for (double[] s : scored.subList(0, request.topN())) {
            ObjectNode r = results.addObject();
            r.put("index", (int) s[0]);
            r.put("relevance_score", s[1]);
            if (request.returnDocuments()) {
                r.put("document", request.documents().get((int) s[0]));
            }
        }
        JsonNode usage = response.path("usage");
        out.putObject("usage").put("prompt_tokens", usage.path("prompt_tokens").asLong())
                .put("total_tokens", usage.path("total_tokens").asLong());
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
