package dev.hearth.engine.llama;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** A reusable llama_batch of up to {@code capacity} tokens, each in one sequence. Owned by one thread. */
public final class Batch implements AutoCloseable {
    private final Arena arena = Arena.ofShared();
    private final int capacity;
    private final MemorySegment struct;
    private final MemorySegment tokens;
    private final MemorySegment positions;
    private final MemorySegment seqIds;
    private final MemorySegment logits;
    private int size;

    public Batch(int capacity) {
        this.capacity = capacity;
        this.struct = arena.allocate(Structs.BATCH);
        this.tokens = arena.allocate(JAVA_INT, capacity);
        this.positions = arena.allocate(JAVA_INT, capacity);
        this.seqIds = arena.allocate(JAVA_INT, capacity);
        MemorySegment nSeqId = arena.allocate(JAVA_INT, capacity);
        MemorySegment seqIdPointers = arena.allocate(ADDRESS, capacity);
        this.logits = arena.allocate(JAVA_BYTE, capacity);
        for (int i = 0; i < capacity; i++) {
            nSeqId.setAtIndex(JAVA_INT, i, 1);
            seqIdPointers.setAtIndex(ADDRESS, i, seqIds.asSlice((long) i * Integer.BYTES));
        }
        struct.set(ADDRESS, Structs.B_TOKEN, tokens);
        struct.set(ADDRESS, Structs.B_EMBD, MemorySegment.NULL);
        struct.set(ADDRESS, Structs.B_POS, positions);
        struct.set(ADDRESS, Structs.B_N_SEQ_ID, nSeqId);
        struct.set(ADDRESS, Structs.B_SEQ_ID, seqIdPointers);
        struct.set(ADDRESS, Structs.B_LOGITS, logits);
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return size;
    }

    public int remaining() {
        return capacity - size;
    }

    public void clear() {
        size = 0;
    }

    /** Adds a token and returns its index in the batch, which is also the index of its logits when requested. */
    public int add(int token, int position, int seqId, boolean wantLogits) {
        if (size == capacity) {
            throw new IllegalStateException("batch is full");
        }
        int i = size++;
        tokens.setAtIndex(JAVA_INT, i, token);
        positions.setAtIndex(JAVA_INT, i, position);
        seqIds.setAtIndex(JAVA_INT, i, seqId);
        logits.setAtIndex(JAVA_BYTE, i, (byte) (wantLogits ? 1 : 0));
        return i;
    }

    MemorySegment struct() {
        struct.set(JAVA_INT, Structs.B_N_TOKENS, size);
        return struct;
    }

    @Override
    public void close() {
        arena.close();
    }
}
