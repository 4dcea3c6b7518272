package dev.hearth.server.models;

import dev.hearth.api.Model;
import dev.hearth.server.auth.Principal;
import dev.hearth.server.auth.Role;
import dev.hearth.server.blobs.BlobStore;
import dev.hearth.server.http.ApiError;
import dev.hearth.server.resource.FieldMask;
import dev.hearth.server.resource.ListRequest;
import dev.hearth.server.resource.Lister;
import dev.hearth.server.resource.Page;
import dev.hearth.server.resource.ResourceIds;
import dev.hearth.server.resource.SqlCondition;
import dev.hearth.server.resource.Times;
import dev.hearth.server.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Models of an account: create, read, update, delete. A model is visible to its own account, and to every account
 * when it is public (the built-in catalog is); only its own account may change it.
 */
public final class Models {
    static final Set<String> ALL_FIELDS = Set.of("name", "displayName", "description", "createTime", "updateTime", "state",
            "status", "kind", "public", "githubUrl", "huggingFaceUrl", "importedFrom", "contextLength", "baseModelDetails",
            "peftDetails", "conversationConfig", "supportsImageInput", "supportsTools", "supportsLora", "supportsServerless",
            "tunable", "defaultSamplingParams", "supportedPrecisions", "deployedModelRefs", "deprecationDate");
    /** What a PATCH may change; the rest is set by the server from the uploaded files. */
    static final Set<String> MUTABLE = Set.of("displayName", "description", "public", "githubUrl", "huggingFaceUrl",
            "contextLength", "conversationConfig", "supportsImageInput", "supportsTools", "defaultSamplingParams",
            "deprecationDate");

    private final Database db;
    private final BlobStore blobs;

    public Models(Database db, BlobStore blobs) {
        this.db = db;
        this.blobs = blobs;
    }

    Database db() {
        return db;
    }

    public ModelRow create(Principal caller, String modelId, Model body) {
        requireWriter(caller, "create models");
        ResourceIds.validate("modelId", modelId);
        if (body == null) {
            body = emptySpec();
        }
        rejectServerOwned(body);
        String kind = body.kind() == null || body.kind().isEmpty() ? "KIND_UNSPECIFIED" : body.kind();
        if (!ModelStore.KINDS.contains(kind)) {
            throw ApiError.invalid("model.kind", "\"" + kind + "\" is not a model kind; one of " + ModelStore.KINDS);
        }
        String baseModel = null;
        if (body.peftDetails() != null && body.peftDetails().baseModel() != null) {
            baseModel = ModelNames.parse("model.peftDetails.baseModel", body.peftDetails().baseModel(), caller.accountId()).name();
        }
        validateSpec(body);
        long now = Times.nowMicros();
        ModelRow row = new ModelRow(caller.accountId(), modelId, nullToEmpty(body.displayName()),
                nullToEmpty(body.description()), kind, ModelRow.UPLOADING, "OK", "", Boolean.TRUE.equals(body.isPublic()),
                false, baseModel, "NONE", specOf(body), now, now, 1);
        db.jdbi().useTransaction(h -> Database.insertUnique(() -> ModelStore.insert(h, row),
                () -> ApiError.alreadyExists("model " + row.name() + " already exists")));
        return row;
    }

    /** A model the caller may read: its own account's, or a public one (the catalog). */
    public ModelRow get(Principal caller, String accountId, String modelId) {
        return db.jdbi().withHandle(h -> visible(h, caller, accountId, modelId));
    }

    public Page<ModelRow> list(Principal caller, String accountId, ListRequest request) {
        SqlCondition scope = accountId.equals(caller.accountId())
                ? new SqlCondition("account_id = ?", List.of(accountId))
                : new SqlCondition("account_id = ? AND public = ?", List.of(accountId, true));
        return Lister.list(db.jdbi(), "models", scope, request, ModelStore.FIELDS, "create_time DESC",
                "model_id ASC", ModelStore.MAPPER);
    }

    public ModelRow update(Principal caller, String modelId, Model body, String updateMask) {
        requireWriter(caller, "modify models");
        FieldMask mask = FieldMask.parse("updateMask", updateMask, ALL_FIELDS);
        if (!mask.isAll()) {
            for (String path : mask.paths()) {
                if (!MUTABLE.contains(path)) {
                    throw ApiError.invalid("updateMask", "field \"" + path + "\" cannot be updated; updatable: " + MUTABLE);
                }
            }
        } else {
            rejectServerOwned(body);
        }
        validateSpec(body);
        return db.jdbi().inTransaction(h -> {
            ModelRow current = own(h, caller, modelId);
            Model s = current.spec();
            Model merged = new Model(null, null, null, null, null, null, null, null, null,
                    pick(mask, "githubUrl", body.githubUrl(), s.githubUrl()),
                    pick(mask, "huggingFaceUrl", body.huggingFaceUrl(), s.huggingFaceUrl()), s.importedFrom(),
                    pick(mask, "contextLength", body.contextLength(), s.contextLength()), s.baseModelDetails(),
                    s.peftDetails(), pick(mask, "conversationConfig", body.conversationConfig(), s.conversationConfig()),
                    pick(mask, "supportsImageInput", body.supportsImageInput(), s.supportsImageInput()),
                    pick(mask, "supportsTools", body.supportsTools(), s.supportsTools()), s.supportsLora(), null,
                    s.tunable(), pick(mask, "defaultSamplingParams", body.defaultSamplingParams(), s.defaultSamplingParams()),
                    null, null, pick(mask, "deprecationDate", body.deprecationDate(), s.deprecationDate()));
            ModelRow updated = new ModelRow(current.accountId(), modelId,
                    mask.includes("displayName") ? nullToEmpty(body.displayName()) : current.displayName(),
                    mask.includes("description") ? nullToEmpty(body.description()) : current.description(),
                    current.kind(), current.state(), current.statusCode(), current.statusMessage(),
                    mask.includes("public") ? Boolean.TRUE.equals(body.isPublic()) : current.isPublic(),
                    current.supportsServerless(), current.baseModel(), current.sourceFormat(), merged,
                    current.createTime(), Math.max(Times.nowMicros(), current.updateTime()), current.version() + 1);
            if (!ModelStore.update(h, updated, current.version())) {
                throw ApiError.aborted("model " + current.name() + " was changed concurrently; read it again and retry");
            }
            return updated;
        });
    }

    public void delete(Principal caller, String modelId) {
        requireWriter(caller, "delete models");
        ModelRow row = db.jdbi().inTransaction(h -> {
            ModelRow current = own(h, caller, modelId);
            ModelStore.delete(h, current.accountId(), modelId);
            return current;
        });
        try {
            blobs.deleteTree(ModelFiles.prefix(row.accountId(), row.modelId()));
        } catch (IOException e) {
            throw new UncheckedIOException("model " + row.name() + " was deleted but its files were not", e);
        }
    }

    /** A READY model whose runner cannot load it goes FAILED with the runner's reason, so it is not relaunched on every request. */
    public void markLoadFailed(ModelRow row, String reason) {
        if (row.accountId().equals(ModelNames.CATALOG_ACCOUNT)) {
            // The built-in models are the installation's own: a failure to load one is reported per request, never
            // recorded, so fixing the installation and restarting brings them back.
            return;
        }
        long now = Times.nowMicros();
        db.jdbi().useTransaction(h -> ModelStore.find(h, row.accountId(), row.modelId())
                .filter(m -> m.createTime() == row.createTime() && m.state().equals(ModelRow.READY))
                .ifPresent(m -> ModelStore.update(h, m.withState(ModelRow.FAILED, "FAILED_PRECONDITION",
                        "the model could not be loaded: " + reason, now), m.version())));
    }

    /** READY models the caller can send inference requests to: its own and every public one, adapters excepted. */
    public List<ModelRow> servable(Principal caller) {
        return db.jdbi().withHandle(h -> h.createQuery("""
                SELECT * FROM models WHERE state = ? AND (account_id = ? OR public = ?)
                    AND source_format NOT IN ('GGUF_ADAPTER', 'PEFT') ORDER BY account_id, model_id""")
                .bind(0, ModelRow.READY).bind(1, caller.accountId()).bind(2, true).map(ModelStore.MAPPER).list());
    }

    /** A model the caller may see, with its READY artifacts, read on one connection (the gateway does this per request). */
    public record WithArtifacts(ModelRow row, List<ModelStore.ArtifactRow> ready) {}

    public WithArtifacts getWithReadyArtifacts(Principal caller, String accountId, String modelId) {
        return db.jdbi().withHandle(h -> {
            ModelRow row = visible(h, caller, accountId, modelId);
            return new WithArtifacts(row, ready(ModelStore.artifacts(h, accountId, modelId)));
        });
    }

    /** The GGUFs a runner can load for this model, one per prepared precision. */
    public List<ModelStore.ArtifactRow> readyArtifacts(ModelRow row) {
        return ready(db.jdbi().withHandle(h -> ModelStore.artifacts(h, row.accountId(), row.modelId())));
    }

    private static List<ModelStore.ArtifactRow> ready(List<ModelStore.ArtifactRow> artifacts) {
        return artifacts.stream().filter(a -> a.state().equals("READY")).toList();
    }

    public List<String> readyPrecisions(ModelRow row) {
        return readyArtifacts(row).stream().map(ModelStore.ArtifactRow::precision).toList();
    }

    public Model toWire(ModelRow row) {
        return row.toWire(readyPrecisions(row), null);
    }

    static ModelRow visible(Handle h, Principal caller, String accountId, String modelId) {
        return ModelStore.find(h, accountId, modelId)
                .filter(m -> m.accountId().equals(caller.accountId()) || m.isPublic())
                .orElseThrow(() -> ApiError.notFound("model " + ModelNames.name(accountId, modelId) + " not found"));
    }

    static ModelRow own(Handle h, Principal caller, String modelId) {
        return ModelStore.find(h, caller.accountId(), modelId)
                .orElseThrow(() -> ApiError.notFound("model " + ModelNames.name(caller.accountId(), modelId) + " not found"));
    }

    static void requireWriter(Principal caller, String action) {
        if (caller.role() == Role.INFERENCE_USER) {
            throw ApiError.permissionDenied("role \"inference-user\" may not " + action);
        }
    }

    private static void rejectServerOwned(Model body) {
        if (body.state() != null || body.supportedPrecisions() != null || body.deployedModelRefs() != null
                || body.supportsServerless() != null || body.baseModelDetails() != null || body.supportsLora() != null) {
            throw ApiError.invalid("model", "state, supportedPrecisions, deployedModelRefs, supportsServerless, supportsLora "
                    + "and baseModelDetails are set by the server from the uploaded files");
        }
    }

    private static void validateSpec(Model body) {
        if (body.displayName() != null && body.displayName().length() > 255) {
            throw ApiError.invalid("model.displayName", "must be at most 255 characters");
        }
        if (body.contextLength() != null && body.contextLength() < 1) {
            throw ApiError.invalid("model.contextLength", "must be positive, got " + body.contextLength());
        }
        if (body.peftDetails() != null && body.peftDetails().r() != null
                && (body.peftDetails().r() < 4 || body.peftDetails().r() > 64)) {
            throw ApiError.invalid("model.peftDetails.r", "must be between 4 and 64, got " + body.peftDetails().r());
        }
    }

    private static Model specOf(Model body) {
        return new Model(null, null, null, null, null, null, null, null, null, body.githubUrl(), body.huggingFaceUrl(),
                body.importedFrom(), body.contextLength(), null, body.peftDetails(), body.conversationConfig(),
                body.supportsImageInput(), body.supportsTools(), null, null, body.tunable(), body.defaultSamplingParams(),
                null, null, body.deprecationDate());
    }

    static Model emptySpec() {
        return new Model(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null);
    }

    private static <T> T pick(FieldMask mask, String field, T fromBody, T current) {
        return mask.includes(field) ? fromBody : current;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
