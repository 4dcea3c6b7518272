package dev.hearth.server.inference;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.api.Json;
import dev.hearth.server.resource.Times;
import dev.hearth.server.store.Database;
import java.io.IOException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records every inference request's usage in the store, where metering and billing read it. */
public final class UsageMeter {
    private static final Logger LOG = LoggerFactory.getLogger(UsageMeter.class);

    private final Database db;

    public UsageMeter(Database db) {
        this.db = db;
    }

    /** Token counts as a runner reports them in {@code usage}. */
    public record Usage(long promptTokens, long cachedPromptTokens, long completionTokens) {
        public static final Usage NONE = new Usage(0, 0, 0);

        public static Usage of(JsonNode usage) {
            if (usage == null || !usage.isObject()) {
                return NONE;
            }
            return new Usage(usage.path("prompt_tokens").asLong(), usage.path("prompt_tokens_details").path("cached_tokens").asLong(),
                    usage.path("completion_tokens").asLong());
        }

        /**
         * The {@code usage} of a JSON response body, read without building the rest: an embeddings answer is mostly
         * numbers, and parsing them all would cost the gateway more than copying them.
         */
        public static Usage ofBody(byte[] body) throws IOException {
            try (JsonParser parser = Json.MAPPER.getFactory().createParser(body)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return NONE;
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    if (field.equals("usage")) {
                        return of(Json.MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(parser));
                    }
                    parser.skipChildren();
                }
                return NONE;
            }
        }

        public Usage plus(Usage other) {
            return new Usage(promptTokens + other.promptTokens, cachedPromptTokens + other.cachedPromptTokens,
                    completionTokens + other.completionTokens);
        }
    }

    /** One finished request; written synchronously so an answered request is never missing from the meter. */
    public void record(String accountId, String keyId, String model, String endpoint, Usage usage, long latencyMillis, int status) {
        try {
            db.jdbi().useHandle(h -> h.createUpdate("""
                    INSERT INTO usage_records (request_id, account_id, key_id, model, endpoint, prompt_tokens,
                        cached_prompt_tokens, completion_tokens, latency_ms, http_status, create_time)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .bind(0, UUID.randomUUID().toString()).bind(1, accountId).bind(2, keyId == null ? "" : keyId)
                    .bind(3, model).bind(4, endpoint).bind(5, usage.promptTokens()).bind(6, usage.cachedPromptTokens())
                    .bind(7, usage.completionTokens()).bind(8, latencyMillis).bind(9, status).bind(10, Times.nowMicros())
                    .execute());
        } catch (RuntimeException e) {
            LOG.error("could not record usage of a {} request on {} for account {}: {}", endpoint, model, accountId, e.toString());
        }
    }
}
