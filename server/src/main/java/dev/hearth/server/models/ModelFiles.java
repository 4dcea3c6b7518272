package dev.hearth.server.models;

import dev.hearth.server.http.ApiError;

/** Where a model's blobs live, and which uploaded file names are acceptable. */
public final class ModelFiles {
    static final int MAX_FILES = 1000;

    private ModelFiles() {}

    public static String prefix(String accountId, String modelId) {
        return "models/" + accountId + "/" + modelId;
    }

    public static String uploaded(String accountId, String modelId, String filename) {
        return prefix(accountId, modelId) + "/files/" + filename;
    }

    public static String artifact(String accountId, String modelId, String precision) {
        return prefix(accountId, modelId) + "/gguf/" + precision + ".gguf";
    }

    /**
     * Checkpoint file names are flat: letters, digits, '.', '_' and '-', not starting with '.', so no name can
     * climb out of the model's directory or hide as a dotfile.
     */
    public static String validName(String field, String filename) {
        if (filename == null || filename.isEmpty() || filename.length() > 255) {
            throw ApiError.invalid(field, "a file name must have 1 to 255 characters");
        }
        if (filename.startsWith(".")) {
            throw ApiError.invalid(field, "file name \"" + filename + "\" must not start with '.'");
        }
        for (int i = 0; i < filename.length(); i++) {
            char c = filename.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '_' || c == '-')) {
                throw ApiError.invalid(field, "file name \"" + filename + "\" contains '" + c
                        + "'; names may contain only letters, digits, '.', '_' and '-' (no directories)");
            }
        }
        return filename;
    }
}
