package dev.hearth.engine.convert;

import java.util.List;

/**
 * What {@link HfCheckpoint#open} learned about a Hugging Face model folder.
 *
 * @param architecture     the Hugging Face architecture, such as {@code LlamaForCausalLM}
 * @param ggufArchitecture the llama.cpp architecture it converts to, such as {@code llama}
 * @param contextLength    {@code max_position_embeddings}
 * @param dtype            the element type of the checkpoint's matrices: F32, F16 or BF16
 * @param chatTemplate     the Jinja chat template, or null when the tokenizer has none
 * @param warnings         things converted with a caveat (each names its file)
 */
public record HfModel(
        String architecture,
        String ggufArchitecture,
        long parameterCount,
        int contextLength,
        int vocabSize,
        int hiddenSize,
        int layers,
        boolean tiedEmbeddings,
        String dtype,
        String chatTemplate,
        List<String> warnings) {

    public HfModel {
        warnings = List.copyOf(warnings);
    }
}
