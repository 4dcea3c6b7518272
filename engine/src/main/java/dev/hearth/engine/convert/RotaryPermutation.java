package dev.hearth.engine.convert;

/**
 * The row permutation {@code convert_hf_to_gguf.py} applies to llama q/k projections: Hugging Face stores each
 * head's rotary pairs as two halves ({@code x[i]} pairs with {@code x[i + d/2]}), llama.cpp's normal RoPE wants them
 * adjacent ({@code x[2i]} with {@code x[2i+1]}). GGUF row {@code h*d + 2i + k} is Hugging Face row
 * {@code h*d + k*d/2 + i}, for head {@code h}, head size {@code d}, {@code i < d/2}, {@code k} in {0, 1}.
 */
public record RotaryPermutation(int heads, int rows) {

    public RotaryPermutation {
        if (heads <= 0 || rows % heads != 0 || rows / heads % 2 != 0) {
            throw new IllegalArgumentException(rows + " rows do not split into " + heads + " heads of an even size");
        }
    }

    /** The Hugging Face row that becomes GGUF row {@code ggufRow}. */
    public int hfRow(int ggufRow) {
        int headSize = rows / heads;
        int head = ggufRow / headSize;
        int within = ggufRow % headSize;
        return head * headSize + (within % 2) * (headSize / 2) + within / 2;
    }

    /** The GGUF row that Hugging Face row {@code hfRow} becomes (the inverse of {@link #hfRow}). */
    public int ggufRow(int hfRow) {
        int headSize = rows / heads;
        int half = headSize / 2;
        int head = hfRow / headSize;
        int within = hfRow % headSize;
        return head * headSize + 2 * (within % half) + within / half;
    }
}
