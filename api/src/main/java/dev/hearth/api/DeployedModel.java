package dev.hearth.api;

/**
 * {@code accounts/{account}/deployedModels/{id}}: a model loaded on a deployment, either its base model (created with
 * the deployment) or a LoRA add-on hot-loaded into every replica. State DEPLOYING, DEPLOYED, UPDATING or UNDEPLOYING.
 */
public record DeployedModel(
        String name,
        String displayName,
        String description,
        String createTime,
        String updateTime,
        String model,
        String deployment,
        @com.fasterxml.jackson.annotation.JsonProperty("default") Boolean isDefault,
        String state,
        Boolean serverless,
        Status status,
        @com.fasterxml.jackson.annotation.JsonProperty("public") Boolean isPublic) {}
