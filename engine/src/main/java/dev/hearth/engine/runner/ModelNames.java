package dev.hearth.engine.runner;

/**
 * What a request's {@code model} may be: absent or the runner's model id (the base model), or the name
 * of a loaded LoRA adapter, which then applies with scale 1 (as vLLM lists adapters as models).
 */
final class ModelNames {
    private final String modelId;
    private final Adapters adapters;

    ModelNames(String modelId, Adapters adapters) {
        this.modelId = modelId;
        this.adapters = adapters;
    }

    String modelId() {
        return modelId;
    }

    boolean hasAdapter(String name) {
        return adapters.contains(name);
    }

    AdapterSet adaptersFor(String model) {
        if (model == null || model.equals(modelId)) {
            return AdapterSet.NONE;
        }
        if (adapters.contains(model)) {
            return new AdapterSet(java.util.List.of(new AdapterSet.Entry(model, 1f)));
        }
        throw OpenAiException.modelNotFound(model);
    }
}
