package dev.hearth.server.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hearth.api.Json;
import dev.hearth.api.Model;
import dev.hearth.server.resource.Field;
import dev.hearth.server.resource.FieldType;
import dev.hearth.server.resource.ResourceFields;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** SQL for models, their uploaded files and their prepared artifacts. */
public final class ModelStore {
    public static final List<String> KINDS = List.of("KIND_UNSPECIFIED", "HF_BASE_MODEL", "HF_PEFT_ADDON", "HF_TEFT_ADDON",
            "FLUMINA_BASE_MODEL", "FLUMINA_ADDON", "DRAFT_ADDON", "FIRE_AGENT", "LIVE_MERGE", "CUSTOM_MODEL",
            "EMBEDDING_MODEL", "SNAPSHOT_MODEL");

    public static final ResourceFields FIELDS = new ResourceFields("Model", List.of(
            Field.of("name", "('accounts/' || account_id || '/models/' || model_id)", FieldType.STRING),
            Field.of("displayName", "display_name", FieldType.STRING),
            Field.of("description", "description", FieldType.STRING),
            Field.enumeration("kind", "kind", KINDS),
            Field.enumeration("state", "state", List.of("STATE_UNSPECIFIED", "UPLOADING", "READY", "FAILED")),
            Field.of("public", "public", FieldType.BOOL),
            Field.of("supportsServerless", "supports_serverless", FieldType.BOOL),
            Field.of("createTime", "create_time", FieldType.TIMESTAMP),
            Field.of("updateTime", "update_time", FieldType.TIMESTAMP)));

    public static final RowMapper<ModelRow> MAPPER = (rs, ctx) -> new ModelRow(
            rs.getString("account_id"), rs.getString("model_id"), rs.getString("display_name"),
            rs.getString("description"), rs.getString("kind"), rs.getString("state"), rs.getString("status_code"),
            rs.getString("status_message"), rs.getBoolean("public"), rs.getBoolean("supports_serverless"),
            rs.getString("base_model"), rs.getString("source_format"), readSpec(rs.getString("spec")),
            rs.getLong("create_time"), rs.getLong("update_time"), rs.getLong("version"));

    /** One uploaded (or announced) file. */
    public record FileRow(String filename, long size, String sha256, boolean uploaded) {}

    /** A GGUF a runner can load, in one precision; state PREPARING, READY or FAILED. */
    public record ArtifactRow(String accountId, String modelId, String precision, String state, String message,
            String blobKey, long size) {}

    private ModelStore() {}

    public static void insert(Handle h, ModelRow row) {
        h.createUpdate("""
                INSERT INTO models (account_id, model_id, display_name, description, kind, state, status_code,
                    status_message, public, supports_serverless, base_model, source_format, spec, create_time,
                    update_time, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .bind(0, row.accountId()).bind(1, row.modelId()).bind(2, row.displayName()).bind(3, row.description())
                .bind(4, row.kind()).bind(5, row.state()).bind(6, row.statusCode()).bind(7, row.statusMessage())
                .bind(8, row.isPublic()).bind(9, row.supportsServerless()).bind(10, row.baseModel())
                .bind(11, row.sourceFormat()).bind(12, writeSpec(row.spec())).bind(13, row.createTime())
                .bind(14, row.updateTime()).bind(15, row.version())
                .execute();
    }

    public static Optional<ModelRow> find(Handle h, String accountId, String modelId) {
        return h.createQuery("SELECT * FROM models WHERE account_id = ? AND model_id = ?")
                .bind(0, accountId).bind(1, modelId).map(MAPPER).findOne();
    }

    /** Writes every column but the keys and create time if the row is still at {@code expectedVersion}. */
    public static boolean update(Handle h, ModelRow row, long expectedVersion) {
        return h.createUpdate("""
                UPDATE models SET display_name = ?, description = ?, kind = ?, state = ?, status_code = ?,
                    status_message = ?, public = ?, supports_serverless = ?, base_model = ?, source_format = ?,
                    spec = ?, update_time = ?, version = ?
                WHERE account_id = ? AND model_id = ? AND version = ?""")
                .bind(0, row.displayName()).bind(1, row.description()).bind(2, row.kind()).bind(3, row.state())
                .bind(4, row.statusCode()).bind(5, row.statusMessage()).bind(6, row.isPublic())
                .bind(7, row.supportsServerless()).bind(8, row.baseModel()).bind(9, row.sourceFormat())
                .bind(10, writeSpec(row.spec())).bind(11, row.updateTime()).bind(12, row.version())
                .bind(13, row.accountId()).bind(14, row.modelId()).bind(15, expectedVersion)
                .execute() == 1;
    }

    public static void delete(Handle h, String accountId, String modelId) {
        h.createUpdate("DELETE FROM model_artifacts WHERE account_id = ? AND model_id = ?").bind(0, accountId).bind(1, modelId).execute();
        h.createUpdate("DELETE FROM model_files WHERE account_id = ? AND model_id = ?").bind(0, accountId).bind(1, modelId).execute();
        h.createUpdate("DELETE FROM models WHERE account_id = ? AND model_id = ?").bind(0, accountId).bind(1, modelId).execute();
    }

    public static List<FileRow> files(Handle h, String accountId, String modelId) {
        return h.createQuery("SELECT * FROM model_files WHERE account_id = ? AND model_id = ? ORDER BY filename")
                .bind(0, accountId).bind(1, modelId)
                .map((rs, ctx) -> new FileRow(rs.getString("filename"), rs.getLong("size_bytes"), rs.getString("sha256"),
                        rs.getBoolean("uploaded")))
                .list();
    }

    /**
     * Announces a file (from getUploadEndpoint). Announcing it again with the same size keeps what already arrived,
     * so a client that resumes an upload is not made to send finished files again; a new size resets the file.
     *
     * @return whether the file is new or was reset
     */
    public static boolean announceFile(Handle h, String accountId, String modelId, String filename, long size) {
        Optional<Long> announced = h.createQuery("SELECT size_bytes FROM model_files WHERE account_id = ? AND model_id = ? AND filename = ?")
                .bind(0, accountId).bind(1, modelId).bind(2, filename).mapTo(Long.class).findOne();
        if (announced.isPresent() && announced.get() == size) {
            return false;
        }
        h.createUpdate("DELETE FROM model_files WHERE account_id = ? AND model_id = ? AND filename = ?")
                .bind(0, accountId).bind(1, modelId).bind(2, filename).execute();
        h.createUpdate("INSERT INTO model_files (account_id, model_id, filename, size_bytes, sha256, uploaded) VALUES (?, ?, ?, ?, NULL, ?)")
                .bind(0, accountId).bind(1, modelId).bind(2, filename).bind(3, size).bind(4, false).execute();
        return true;
    }

    public static void markUploaded(Handle h, String accountId, String modelId, String filename, String sha256) {
        h.createUpdate("UPDATE model_files SET uploaded = ?, sha256 = ? WHERE account_id = ? AND model_id = ? AND filename = ?")
                .bind(0, true).bind(1, sha256).bind(2, accountId).bind(3, modelId).bind(4, filename).execute();
    }

    public static List<ArtifactRow> artifacts(Handle h, String accountId, String modelId) {
        return h.createQuery("SELECT * FROM model_artifacts WHERE account_id = ? AND model_id = ? ORDER BY precision")
                .bind(0, accountId).bind(1, modelId).map(ModelStore::artifact).list();
    }

    public static List<ArtifactRow> artifactsInState(Handle h, String state) {
        return h.createQuery("SELECT * FROM model_artifacts WHERE state = ?").bind(0, state).map(ModelStore::artifact).list();
    }

    public static void putArtifact(Handle h, ArtifactRow a, long now) {
        h.createUpdate("DELETE FROM model_artifacts WHERE account_id = ? AND model_id = ? AND precision = ?")
                .bind(0, a.accountId()).bind(1, a.modelId()).bind(2, a.precision()).execute();
        h.createUpdate("""
                INSERT INTO model_artifacts (account_id, model_id, precision, state, message, blob_key, size_bytes, update_time)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .bind(0, a.accountId()).bind(1, a.modelId()).bind(2, a.precision()).bind(3, a.state()).bind(4, a.message())
                .bind(5, a.blobKey()).bind(6, a.size()).bind(7, now).execute();
    }

    private static ArtifactRow artifact(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
            throws java.sql.SQLException {
        return new ArtifactRow(rs.getString("account_id"), rs.getString("model_id"), rs.getString("precision"),
                rs.getString("state"), rs.getString("message"), rs.getString("blob_key"), rs.getLong("size_bytes"));
    }

    static String writeSpec(Model spec) {
        try {
            return Json.MAPPER.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Model readSpec(String json) {
        try {
            return Json.MAPPER.readValue(json, Model.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored model spec is unreadable", e);
        }
    }
}
