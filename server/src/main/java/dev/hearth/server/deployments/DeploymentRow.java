package dev.hearth.server.deployments;

import dev.hearth.api.Deployment;
import dev.hearth.api.Status;
import dev.hearth.server.resource.Times;

/**
 * A deployment as stored. Columns hold what lists filter on and what the controller updates; {@code spec} holds the
 * configuration the client set, with defaults filled in (autoscaling policy, precision, shape).
 *
 * @param generation bumped by changes that need new replica processes; replicas of an older one are rolled
 */
public record DeploymentRow(String accountId, String deploymentId, String displayName, String description, String state,
        String statusCode, String statusMessage, String baseModel, String createdBy, int minReplicas, int maxReplicas,
        int desiredReplicas, int replicaCount, int readyReplicas, long generation, Deployment spec, Long expireTime,
        Long deleteTime, Long purgeTime, Long lastRequestTime, long createTime, long updateTime, long version) {

    public static final String CREATING = "CREATING";
    public static final String READY = "READY";
    public static final String UPDATING = "UPDATING";
    public static final String DELETING = "DELETING";
    public static final String DELETED = "DELETED";
    public static final String FAILED = "FAILED";

    public String name() {
        return name(accountId, deploymentId);
    }

    public static String name(String accountId, String deploymentId) {
        return "accounts/" + accountId + "/deployments/" + deploymentId;
    }

    /** A deployment whose replicas the controller keeps running. */
    public boolean isLive() {
        return state.equals(CREATING) || state.equals(READY) || state.equals(UPDATING);
    }

    /** Every stored field but the version, so an unchanged row is not rewritten. */
    DeploymentRow next(long now) {
        return new DeploymentRow(accountId, deploymentId, displayName, description, state, statusCode, statusMessage, baseModel,
                createdBy, minReplicas, maxReplicas, desiredReplicas, replicaCount, readyReplicas, generation, spec, expireTime,
                deleteTime, purgeTime, lastRequestTime, createTime, Math.max(now, updateTime), version + 1);
    }

    DeploymentRow withState(String newState, String code, String message) {
        return new DeploymentRow(accountId, deploymentId, displayName, description, newState, code, message, baseModel,
                createdBy, minReplicas, maxReplicas, desiredReplicas, replicaCount, readyReplicas, generation, spec, expireTime,
                deleteTime, purgeTime, lastRequestTime, createTime, updateTime, version);
    }

    DeploymentRow withReplicas(int desired, int count, int ready) {
        return new DeploymentRow(accountId, deploymentId, displayName, description, state, statusCode, statusMessage, baseModel,
                createdBy, minReplicas, maxReplicas, desired, count, ready, generation, spec, expireTime, deleteTime, purgeTime,
                lastRequestTime, createTime, updateTime, version);
    }

    DeploymentRow withTimes(Long expire, Long delete, Long purge, Long lastRequest) {
        return new DeploymentRow(accountId, deploymentId, displayName, description, state, statusCode, statusMessage, baseModel,
                createdBy, minReplicas, maxReplicas, desiredReplicas, replicaCount, readyReplicas, generation, spec, expire,
                delete, purge, lastRequest, createTime, updateTime, version);
    }

    /** Same content, ignoring update time and version: whether a write would change anything. */
    boolean sameAs(DeploymentRow other) {
        return other != null && state.equals(other.state) && statusCode.equals(other.statusCode)
                && statusMessage.equals(other.statusMessage) && desiredReplicas == other.desiredReplicas
                && replicaCount == other.replicaCount && readyReplicas == other.readyReplicas
                && java.util.Objects.equals(lastRequestTime, other.lastRequestTime)
                && java.util.Objects.equals(deleteTime, other.deleteTime);
    }

    public Deployment toWire() {
        Deployment s = spec;
        boolean scaledToZero = state.equals(READY) && readyReplicas == 0;
        String message = statusMessage.isEmpty() ? (scaledToZero && maxReplicas > 0 && minReplicas == 0
                ? "scaled to zero; the next request starts a replica" : null) : statusMessage;
        return new Deployment(name(), displayName, description, Times.format(createTime), Times.format(updateTime),
                Times.formatOrNull(expireTime), Times.formatOrNull(deleteTime), Times.formatOrNull(purgeTime), createdBy, state,
                new Status(statusCode, message), minReplicas, maxReplicas, null, desiredReplicas, replicaCount,
                new Deployment.ReplicaStats(0, 0, Math.max(0, replicaCount - readyReplicas), readyReplicas),
                s.autoscalingPolicy(), baseModel, 0, null, s.precision(), null, s.enableAddons(), null, null, null,
                s.enableSessionAffinity(), null, null, null, null, null, null, s.placement(), null, s.maxContextLength(),
                null, null, null, null, null, null, null, s.deploymentShape(), null, null, s.annotations());
    }
}
