package dev.hearth.api;

/**
 * {@code accounts/{account}/deploymentShapes/{id}}: a read-only template for a deployment's hardware and serving
 * settings. On a CPU installation the accelerator fields are empty and the shape sets the precision, the context
 * per sequence and the number of sequences a replica decodes together.
 */
public record DeploymentShape(
        String name,
        String displayName,
        String description,
        String createTime,
        String updateTime,
        String baseModel,
        String modelType,
        String parameterCount,
        Integer acceleratorCount,
        String acceleratorType,
        String precision,
        Boolean disableDeploymentSizeValidation,
        Boolean enableAddons,
        Integer draftTokenCount,
        String draftModel,
        Integer ngramSpeculationLength,
        Boolean enableSessionAffinity,
        Integer numLoraDeviceCached,
        Integer maxContextLength,
        String presetType) {

    /** {@code .../deploymentShapes/{shape}/versions/{version}}: an immutable snapshot of a shape. */
    public record Version(String name, String createTime, DeploymentShape snapshot, Boolean validated,
            @com.fasterxml.jackson.annotation.JsonProperty("public") Boolean isPublic, Boolean latestValidated) {}
}
