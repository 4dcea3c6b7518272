package dev.hearth.server.deployments;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hearth.api.Deployment;
import dev.hearth.api.Json;
import dev.hearth.server.resource.Field;
import dev.hearth.server.resource.FieldType;
import dev.hearth.server.resource.ResourceFields;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Update;

/** SQL for deployments, the models deployed on them and their events. */
final class DeploymentStore {
    static final List<String> STATES = List.of("STATE_UNSPECIFIED", DeploymentRow.CREATING, DeploymentRow.READY,
            DeploymentRow.DELETING, DeploymentRow.FAILED, DeploymentRow.UPDATING, DeploymentRow.DELETED);
    static final List<String> DEPLOYED_MODEL_STATES = List.of("STATE_UNSPECIFIED", DeployedModelRow.UNDEPLOYING,
            DeployedModelRow.DEPLOYING, DeployedModelRow.DEPLOYED, DeployedModelRow.UPDATING);

    static final ResourceFields FIELDS = new ResourceFields("Deployment", List.of(
            Field.of("name", "('accounts/' || account_id || '/deployments/' || deployment_id)", FieldType.STRING),
            Field.of("displayName", "display_name", FieldType.STRING),
            Field.of("description", "description", FieldType.STRING),
            Field.enumeration("state", "state", STATES),
            Field.of("baseModel", "base_model", FieldType.STRING),
            Field.of("createdBy", "created_by", FieldType.STRING),
            Field.of("minReplicaCount", "min_replicas", FieldType.INT),
            Field.of("maxReplicaCount", "max_replicas", FieldType.INT),
            Field.of("desiredReplicaCount", "desired_replicas", FieldType.INT),
            Field.of("replicaCount", "replica_count", FieldType.INT),
            Field.of("createTime", "create_time", FieldType.TIMESTAMP),
            Field.of("updateTime", "update_time", FieldType.TIMESTAMP)));

    static final ResourceFields DEPLOYED_MODEL_FIELDS = new ResourceFields("DeployedModel", List.of(
            Field.of("name", "('accounts/' || account_id || '/deployedModels/' || deployed_model_id)", FieldType.STRING),
            Field.of("displayName", "display_name", FieldType.STRING),
            Field.of("model", "model", FieldType.STRING),
            Field.of("deployment", "('accounts/' || account_id || '/deployments/' || deployment_id)", FieldType.STRING),
            Field.of("default", "is_default", FieldType.BOOL),
            Field.of("public", "public", FieldType.BOOL),
            Field.enumeration("state", "state", DEPLOYED_MODEL_STATES),
            Field.of("createTime", "create_time", FieldType.TIMESTAMP),
            Field.of("updateTime", "update_time", FieldType.TIMESTAMP)));

    static final RowMapper<DeploymentRow> MAPPER = (rs, ctx) -> new DeploymentRow(
            rs.getString("account_id"), rs.getString("deployment_id"), rs.getString("display_name"),
            rs.getString("description"), rs.getString("state"), rs.getString("status_code"), rs.getString("status_message"),
            rs.getString("base_model"), rs.getString("created_by"), rs.getInt("min_replicas"), rs.getInt("max_replicas"),
            rs.getInt("desired_replicas"), rs.getInt("replica_count"), rs.getInt("ready_replicas"), rs.getLong("generation"),
            readSpec(rs.getString("spec")), nullableLong(rs, "expire_time"), nullableLong(rs, "delete_time"),
            nullableLong(rs, "purge_time"), nullableLong(rs, "last_request_time"), rs.getLong("create_time"),
            rs.getLong("update_time"), rs.getLong("version"));

    static final RowMapper<DeployedModelRow> DEPLOYED_MODEL_MAPPER = (rs, ctx) -> new DeployedModelRow(
            rs.getString("account_id"), rs.getString("deployed_model_id"), rs.getString("model"), rs.getString("deployment_id"),
            rs.getString("display_name"), rs.getString("description"), rs.getBoolean("is_default"), rs.getBoolean("public"),
            rs.getString("state"), rs.getString("status_code"), rs.getString("status_message"), rs.getLong("create_time"),
            rs.getLong("update_time"), rs.getLong("version"));

    /** One autoscaler decision or lifecycle change, shown to users as an event on the deployment. */
    record Event(long time, String kind, String message) {}

    private DeploymentStore() {}

    static void insert(Handle h, DeploymentRow row) {
        bind(h.createUpdate("""
                INSERT INTO deployments (display_name, description, state, status_code, status_message, base_model, created_by,
                    min_replicas, max_replicas, desired_replicas, replica_count, ready_replicas, generation, spec, expire_time,
                    delete_time, purge_time, last_request_time, update_time, version, create_time, account_id, deployment_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""), row)
                .bind(20, row.createTime()).bind(21, row.accountId()).bind(22, row.deploymentId()).execute();
    }

    /** Writes every column but the keys and create time if the row is still at {@code expectedVersion}. */
    static boolean update(Handle h, DeploymentRow row, long expectedVersion) {
        return bind(h.createUpdate("""
                UPDATE deployments SET display_name = ?, description = ?, state = ?, status_code = ?, status_message = ?,
                    base_model = ?, created_by = ?, min_replicas = ?, max_replicas = ?, desired_replicas = ?,
                    replica_count = ?, ready_replicas = ?, generation = ?, spec = ?, expire_time = ?, delete_time = ?,
                    purge_time = ?, last_request_time = ?, update_time = ?, version = ?
                WHERE account_id = ? AND deployment_id = ? AND version = ?"""), row)
                .bind(20, row.accountId()).bind(21, row.deploymentId()).bind(22, expectedVersion).execute() == 1;
    }

    private static Update bind(Update u, DeploymentRow r) {
        return u.bind(0, r.displayName()).bind(1, r.description()).bind(2, r.state()).bind(3, r.statusCode())
                .bind(4, r.statusMessage()).bind(5, r.baseModel()).bind(6, r.createdBy()).bind(7, r.minReplicas())
                .bind(8, r.maxReplicas()).bind(9, r.desiredReplicas()).bind(10, r.replicaCount()).bind(11, r.readyReplicas())
                .bind(12, r.generation()).bind(13, writeSpec(r.spec())).bind(14, r.expireTime()).bind(15, r.deleteTime())
                .bind(16, r.purgeTime()).bind(17, r.lastRequestTime()).bind(18, r.updateTime()).bind(19, r.version());
    }

    static Optional<DeploymentRow> find(Handle h, String accountId, String deploymentId) {
        return h.createQuery("SELECT * FROM deployments WHERE account_id = ? AND deployment_id = ?")
                .bind(0, accountId).bind(1, deploymentId).map(MAPPER).findOne();
    }

    /** Every deployment the controller has work for: live, being deleted, or past its purge time. */
    static List<DeploymentRow> active(Handle h) {
        return h.createQuery("SELECT * FROM deployments WHERE state <> ? OR purge_time IS NOT NULL ORDER BY account_id, deployment_id")
                .bind(0, DeploymentRow.DELETED).map(MAPPER).list();
    }

    static void delete(Handle h, String accountId, String deploymentId) {
        h.createUpdate("DELETE FROM deployment_events WHERE account_id = ? AND deployment_id = ?")
                .bind(0, accountId).bind(1, deploymentId).execute();
        h.createUpdate("DELETE FROM deployed_models WHERE account_id = ? AND deployment_id = ?")
                .bind(0, accountId).bind(1, deploymentId).execute();
        h.createUpdate("DELETE FROM deployments WHERE account_id = ? AND deployment_id = ?")
                .bind(0, accountId).bind(1, deploymentId).execute();
    }

    static void addEvent(Handle h, String accountId, String deploymentId, long time, String kind, String message) {
        h.createUpdate("INSERT INTO deployment_events (account_id, deployment_id, event_time, kind, message) VALUES (?, ?, ?, ?, ?)")
                .bind(0, accountId).bind(1, deploymentId).bind(2, time).bind(3, kind).bind(4, message).execute();
    }

    static List<Event> events(Handle h, String accountId, String deploymentId, int limit) {
        return h.createQuery("""
                SELECT event_time, kind, message FROM deployment_events WHERE account_id = ? AND deployment_id = ?
                ORDER BY event_time DESC LIMIT ?""")
                .bind(0, accountId).bind(1, deploymentId).bind(2, limit)
                .map((rs, ctx) -> new Event(rs.getLong("event_time"), rs.getString("kind"), rs.getString("message"))).list();
    }

    static void insertDeployedModel(Handle h, DeployedModelRow r) {
        h.createUpdate("""
                INSERT INTO deployed_models (account_id, deployed_model_id, model, deployment_id, display_name, description,
                    is_default, public, state, status_code, status_message, create_time, update_time, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .bind(0, r.accountId()).bind(1, r.deployedModelId()).bind(2, r.model()).bind(3, r.deploymentId())
                .bind(4, r.displayName()).bind(5, r.description()).bind(6, r.isDefault()).bind(7, r.isPublic())
                .bind(8, r.state()).bind(9, r.statusCode()).bind(10, r.statusMessage()).bind(11, r.createTime())
                .bind(12, r.updateTime()).bind(13, r.version()).execute();
    }

    static boolean updateDeployedModel(Handle h, DeployedModelRow r, long expectedVersion) {
        return h.createUpdate("""
                UPDATE deployed_models SET display_name = ?, description = ?, is_default = ?, public = ?, state = ?,
                    status_code = ?, status_message = ?, update_time = ?, version = ?
                WHERE account_id = ? AND deployed_model_id = ? AND version = ?""")
                .bind(0, r.displayName()).bind(1, r.description()).bind(2, r.isDefault()).bind(3, r.isPublic())
                .bind(4, r.state()).bind(5, r.statusCode()).bind(6, r.statusMessage()).bind(7, r.updateTime())
                .bind(8, r.version()).bind(9, r.accountId()).bind(10, r.deployedModelId()).bind(11, expectedVersion)
                .execute() == 1;
    }

    static Optional<DeployedModelRow> findDeployedModel(Handle h, String accountId, String deployedModelId) {
        return h.createQuery("SELECT * FROM deployed_models WHERE account_id = ? AND deployed_model_id = ?")
                .bind(0, accountId).bind(1, deployedModelId).map(DEPLOYED_MODEL_MAPPER).findOne();
    }

    static List<DeployedModelRow> deployedModelsOf(Handle h, String accountId, String deploymentId) {
        return h.createQuery("SELECT * FROM deployed_models WHERE account_id = ? AND deployment_id = ? ORDER BY create_time")
                .bind(0, accountId).bind(1, deploymentId).map(DEPLOYED_MODEL_MAPPER).list();
    }

    /** The deployed models of {@code model} in an account, the default first. */
    static List<DeployedModelRow> deploymentsOfModel(Handle h, String accountId, String model) {
        return h.createQuery("SELECT * FROM deployed_models WHERE account_id = ? AND model = ? ORDER BY is_default DESC, create_time")
                .bind(0, accountId).bind(1, model).map(DEPLOYED_MODEL_MAPPER).list();
    }

    static void deleteDeployedModel(Handle h, String accountId, String deployedModelId) {
        h.createUpdate("DELETE FROM deployed_models WHERE account_id = ? AND deployed_model_id = ?")
                .bind(0, accountId).bind(1, deployedModelId).execute();
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static String writeSpec(Deployment spec) {
        try {
            return Json.MAPPER.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Deployment readSpec(String json) {
        try {
            return Json.MAPPER.readValue(json, Deployment.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored deployment spec is unreadable", e);
        }
    }
}
