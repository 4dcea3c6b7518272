package dev.hearth.engine.synth;

import dev.hearth.engine.gguf.GgmlType;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a synthetic model's matrices are stored. F32 and F16 are written directly; Q8_0 and Q4_0 are written as F16
 * and then converted by a {@link Quantizer}. Norm weights and biases stay F32 in every case, as llama.cpp keeps them.
 */
public enum WeightType {
    F32(GgmlType.F32, 0),
    F16(GgmlType.F16, 1),
    Q8_0(GgmlType.F16, 1),
    Q4_0(GgmlType.F16, 1);

    private final GgmlType writtenType;
    private final int fileType;

    WeightType(GgmlType writtenType, int fileType) {
        this.writtenType = writtenType;
        this.fileType = fileType;
    }

    /** The type matrices are written in by the generator itself. */
    public GgmlType writtenType() {
        return writtenType;
    }

    /** The {@code general.file_type} (llama_ftype) of the file the generator itself writes. */
    int fileType() {
        return fileType;
    }

    public boolean needsQuantizer() {
        return this == Q8_0 || this == Q4_0;
    }

    /** The lower-case name used on the command line and by llama.cpp's quantizer, such as {@code q8_0}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WeightType parse(String name) {
        for (WeightType type : values()) {
            if (type.cliName().equals(name.toLowerCase(Locale.ROOT))) {
                return type;
            }
        }
        throw new IllegalArgumentException("--type: unknown weight type '" + name + "', expected one of "
                + Arrays.stream(values()).map(WeightType::cliName).collect(Collectors.joining(", ")));
    }
}
