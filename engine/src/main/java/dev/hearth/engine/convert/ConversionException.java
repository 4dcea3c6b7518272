package dev.hearth.engine.convert;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint or adapter that cannot be converted: {@link #file()} is the offending file (or folder) and the message
 * names the field or tensor and what is wrong with it, in words a user uploading the model can act on.
 */
public final class ConversionException extends IOException {

    private final Path file;
    private final String problem;

    public ConversionException(Path file, String problem) {
        this(file, problem, null);
    }

    public ConversionException(Path file, String problem, Throwable cause) {
        super(file.getFileName() + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    public Path file() {
        return file;
    }

    /** The message without the file name. */
    public String problem() {
        return problem;
    }
}
