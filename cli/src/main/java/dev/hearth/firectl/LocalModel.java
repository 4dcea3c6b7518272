package dev.hearth.firectl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The files {@code create model} uploads: one file (a GGUF), or the files of one flat folder (a Hugging Face
 * checkpoint, a PEFT adapter). Hidden entries such as {@code .gitattributes} are left out; a sub-folder is refused,
 * because a model's files have plain names.
 */
record LocalModel(Path path, List<LocalModel.File> files) {
    record File(String name, Path path, long size) {}

    static LocalModel scan(Path path) {
        if (!Files.exists(path)) {
            throw new UsageException(path + " does not exist: give a model file (.gguf) or a folder of model files");
        }
        try {
            if (!Files.isDirectory(path)) {
                return new LocalModel(path, List.of(file(path)));
            }
            List<File> files = new ArrayList<>();
            try (Stream<Path> entries = Files.list(path)) {
                for (Path entry : entries.sorted().toList()) {
                    if (entry.getFileName().toString().startsWith(".")) {
                        continue;
                    }
                    if (Files.isDirectory(entry)) {
                        throw new UsageException(entry + " is a folder; model files must all be in " + path
                                + " itself (move or remove the sub-folder)");
                    }
                    files.add(file(entry));
                }
            }
            if (files.isEmpty()) {
                throw new UsageException(path + " holds no model files");
            }
            return new LocalModel(path, List.copyOf(files));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** {@code filenameToSize} of getUploadEndpoint: int64 sizes as strings, as the API writes them. */
    Map<String, String> sizes() {
        Map<String, String> sizes = new LinkedHashMap<>();
        files.forEach(file -> sizes.put(file.name(), Long.toString(file.size())));
        return sizes;
    }

    private static File file(Path path) throws IOException {
        long size = Files.size(path);
        if (size == 0) {
            throw new UsageException(path + " is empty; a model file has at least one byte");
        }
        return new File(path.getFileName().toString(), path, size);
    }
}
