package dev.hearth.engine.llama;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/** A model's tokenizer. libllama's tokenizer calls are thread-safe, so one instance serves every thread. */
public final class Vocab {
    private final MemorySegment handle;
    private final int size;
    private final byte[][] pieces;
    private final byte[][] specialPieces;

    Vocab(MemorySegment handle) {
        this.handle = handle;
        this.size = Native.intOf(Api.vocab_n_tokens, handle);
        this.pieces = new byte[size][];
        this.specialPieces = new byte[size][];
    }

    MemorySegment handle() {
        return handle;
    }

    public int size() {
        return size;
    }

    public int bos() {
        return Native.intOf(Api.vocab_bos, handle);
    }

    public int eos() {
        return Native.intOf(Api.vocab_eos, handle);
    }

    /** Whether the model wants a BOS token in front of a prompt. */
    public boolean addsBos() {
        try {
            return (boolean) Api.vocab_get_add_bos.invokeExact(handle);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** End of generation: EOS, EOT and the other tokens the model marks as ending a turn. */
    public boolean isEndOfGeneration(int token) {
        try {
            return (boolean) Api.vocab_is_eog.invokeExact(handle, token);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public boolean isValid(int token) {
        return token >= 0 && token < size;
    }

    /**
     * Tokenizes UTF-8 text. {@code addSpecial} adds BOS/EOS as the model is configured to;
     * {@code parseSpecial} lets text such as {@code <|im_start|>} become its special token.
     */
    public int[] tokenize(String text, boolean addSpecial, boolean parseSpecial) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment input = arena.allocate(utf8.length + 1L);
            MemorySegment.copy(utf8, 0, input, JAVA_BYTE, 0, utf8.length);
            int capacity = utf8.length + 8;
            MemorySegment output = arena.allocate(JAVA_INT, capacity);
            int n = (int) Api.tokenize.invokeExact(handle, input, utf8.length, output, capacity, addSpecial, parseSpecial);
            if (n == Integer.MIN_VALUE) {
                throw new LlamaException("text is too long to tokenize");
            }
            if (n < 0) {
                capacity = -n;
                output = arena.allocate(JAVA_INT, capacity);
                n = (int) Api.tokenize.invokeExact(handle, input, utf8.length, output, capacity, addSpecial, parseSpecial);
            }
            return output.asSlice(0, (long) n * Integer.BYTES).toArray(JAVA_INT);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The bytes a token stands for (may be part of a UTF-8 character). Cached: the hot path of generation. */
    public byte[] piece(int token, boolean renderSpecial) {
        byte[][] cache = renderSpecial ? specialPieces : pieces;
        byte[] piece = cache[token];
        if (piece == null) {
            piece = computePiece(token, renderSpecial);
            cache[token] = piece;
        }
        return piece;
    }

    private byte[] computePiece(int token, boolean renderSpecial) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(64);
            int n = (int) Api.token_to_piece.invokeExact(handle, token, buffer, 64, 0, renderSpecial);
            if (n < 0) {
                buffer = arena.allocate(-n);
                n = (int) Api.token_to_piece.invokeExact(handle, token, buffer, -n, 0, renderSpecial);
            }
            return buffer.asSlice(0, n).toArray(JAVA_BYTE);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Turns tokens back into text the way llama.cpp does (leading-space and special-token handling included). */
    public String detokenize(int[] tokens, boolean removeSpecial, boolean renderSpecial) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment input = arena.allocateFrom(JAVA_INT, tokens);
            int capacity = Math.max(64, tokens.length * 8);
            MemorySegment output = arena.allocate(capacity);
            int n = (int) Api.detokenize.invokeExact(handle, input, tokens.length, output, capacity, removeSpecial, renderSpecial);
            if (n < 0) {
                capacity = -n;
                output = arena.allocate(capacity);
                n = (int) Api.detokenize.invokeExact(handle, input, tokens.length, output, capacity, removeSpecial, renderSpecial);
            }
            return new String(output.asSlice(0, n).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
