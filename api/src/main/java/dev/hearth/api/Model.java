package dev.hearth.api;

import java.util.List;
import java.util.Map;

/**
 * {@code accounts/{account}/models/{id}}, with the fields the Fireworks docs list. State is UPLOADING, READY, or
 * Hearth's FAILED (a rejected upload or conversion, with the reason in {@code status}).
 */
public record Model(
        String name,
        String displayName,
        String description,
        String createTime,
        String updateTime,
        String state,
        Status status,
        String kind,
        @com.fasterxml.jackson.annotation.JsonProperty("public") Boolean isPublic,
        String githubUrl,
        String huggingFaceUrl,
        String importedFrom,
        Integer contextLength,
        BaseModelDetails baseModelDetails,
        PeftDetails peftDetails,
        ConversationConfig conversationConfig,
        Boolean supportsImageInput,
        Boolean supportsTools,
        Boolean supportsLora,
        Boolean supportsServerless,
        Boolean tunable,
        Map<String, Double> defaultSamplingParams,
        List<String> supportedPrecisions,
        List<DeployedModelRef> deployedModelRefs,
        String deprecationDate) {

    public record BaseModelDetails(Integer worldSize, String checkpointFormat, String parameterCount, Boolean moe,
            Boolean tunable, String modelType, Boolean supportsFireattention, String defaultPrecision, Boolean supportsMtp) {}

    public record PeftDetails(String baseModel, Integer r, List<String> targetModules, String baseModelType,
            String mergeAddonModelName) {}

    public record ConversationConfig(String style, String system, String template) {}

    public record DeployedModelRef(String name, String deployment, String state, @com.fasterxml.jackson.annotation.JsonProperty("default") Boolean isDefault,
            @com.fasterxml.jackson.annotation.JsonProperty("public") Boolean isPublic) {}
}
