package dev.hearth.server.models;

import dev.hearth.api.Model;
import dev.hearth.server.accounts.AccountRow;
import dev.hearth.server.accounts.AccountStore;
import dev.hearth.server.resource.Times;
import dev.hearth.server.store.Database;
import java.util.List;

/**
 * The built-in models in account {@code fireworks}, created on first start and readable by every account: two real
 * embedding models (served on ONNX Runtime) and a synthetic chat model whose random weights are generated on first
 * start (its text is noise; it exists so a fresh install answers chat requests end to end).
 */
public final class Catalog {
    public static final String SYNTHETIC_CHAT = "synthetic-tiny-chat";
    public static final String SYNTHETIC_PRECISION = "F16";

    /** A built-in embedding model: its ID in the catalog and the name the embedding runner knows it by. */
    public record EmbeddingEntry(String modelId, String displayName, int contextLength, String runnerModel) {}

    public static final List<EmbeddingEntry> EMBEDDING_MODELS = List.of(
            new EmbeddingEntry("all-minilm-l6-v2", "all-MiniLM-L6-v2", 256, "all-minilm-l6-v2"),
            new EmbeddingEntry("bge-small-en-v1p5", "BGE small en v1.5", 512, "bge-small-en-v1p5"));

    private Catalog() {}

    /** Creates whatever of the catalog is missing; returns true when the synthetic model still has to be generated. */
    public static boolean install(Database db) {
        long now = Times.nowMicros();
        String account = ModelNames.CATALOG_ACCOUNT;
        return db.jdbi().inTransaction(h -> {
            if (AccountStore.find(h, account).isEmpty()) {
                AccountStore.insert(h, new AccountRow(account, "Fireworks catalog", "catalog@hearth.local",
                        "ACCOUNT_TYPE_UNSPECIFIED", "READY", "UNSUSPENDED", now, now, 1));
            }
            for (EmbeddingEntry e : EMBEDDING_MODELS) {
                if (ModelStore.find(h, account, e.modelId()).isEmpty()) {
                    ModelStore.insert(h, new ModelRow(account, e.modelId(), e.displayName(),
                            "Sentence embedding model (" + e.displayName() + "), served on ONNX Runtime.", "EMBEDDING_MODEL",
                            ModelRow.READY, "OK", "", true, true, null, "ONNX", spec(e.contextLength(), false, "FP32"), now, now, 1));
                }
            }
            if (ModelStore.find(h, account, SYNTHETIC_CHAT).isPresent()) {
                return ModelStore.artifacts(h, account, SYNTHETIC_CHAT).stream().anyMatch(a -> !a.state().equals("READY"));
            }
            ModelStore.insert(h, new ModelRow(account, SYNTHETIC_CHAT, "Synthetic tiny chat model",
                    "Random weights with a real architecture and a ChatML template, generated on first start: its text is noise.",
                    "HF_BASE_MODEL", ModelRow.UPLOADING, "OK", "generating random weights", true, true, null, "SYNTHETIC",
                    spec(2048, true, SYNTHETIC_PRECISION), now, now, 1));
            ModelStore.putArtifact(h, new ModelStore.ArtifactRow(account, SYNTHETIC_CHAT, SYNTHETIC_PRECISION, "PREPARING", "",
                    ModelFiles.artifact(account, SYNTHETIC_CHAT, SYNTHETIC_PRECISION), 0), now);
            return true;
        });
    }

    private static Model spec(int contextLength, boolean chat, String precision) {
        return new Model(null, null, null, null, null, null, null, null, null, null, null, null, contextLength,
                new Model.BaseModelDetails(1, "NATIVE", null, false, false, chat ? "llama" : "bert", false, precision, false),
                null, null, false, chat, chat, null, false, null, null, null, null);
    }
}
