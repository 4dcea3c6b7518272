package dev.hearth.server.deployments;

import dev.hearth.api.DeployedModel;
import dev.hearth.api.Status;
import dev.hearth.server.resource.Times;

/** A model loaded on a deployment: its base model, or a LoRA add-on hot-loaded into the replicas. */
public record DeployedModelRow(String accountId, String deployedModelId, String model, String deploymentId, String displayName,
        String description, boolean isDefault, boolean isPublic, String state, String statusCode, String statusMessage,
        long createTime, long updateTime, long version) {

    public static final String DEPLOYING = "DEPLOYING";
    public static final String DEPLOYED = "DEPLOYED";
    public static final String UPDATING = "UPDATING";
    public static final String UNDEPLOYING = "UNDEPLOYING";

    public String name() {
        return "accounts/" + accountId + "/deployedModels/" + deployedModelId;
    }

    public String deploymentName() {
        return DeploymentRow.name(accountId, deploymentId);
    }

    DeployedModelRow with(String newState, String code, String message, boolean makeDefault, long now) {
        return new DeployedModelRow(accountId, deployedModelId, model, deploymentId, displayName, description, makeDefault,
                isPublic, newState, code, message, createTime, Math.max(now, updateTime), version + 1);
    }

    public DeployedModel toWire() {
        return new DeployedModel(name(), displayName, description, Times.format(createTime), Times.format(updateTime), model,
                deploymentName(), isDefault, state, false, new Status(statusCode, statusMessage.isEmpty() ? null : statusMessage),
                isPublic);
    }
}
