package dev.hearth.firectl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code auth.ini}: a {@code [default]} section and named {@code [profile]} sections of {@code key = value} lines.
 * Lines before the first section header belong to {@code default}, as in the files firectl itself writes.
 */
record AuthIni(Path file, Map<String, Map<String, String>> sections) {
    static final String DEFAULT_PROFILE = "default";

    /** Reads the file; a missing file is an empty configuration. */
    static AuthIni read(Path file) {
        if (!Files.exists(file)) {
            return new AuthIni(file, Map.of());
        }
        try {
            return parse(file, Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static AuthIni parse(Path file, List<String> lines) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = sections.computeIfAbsent(DEFAULT_PROFILE, name -> new LinkedHashMap<>());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1).strip(), name -> new LinkedHashMap<>());
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw new UsageException(file + " line " + (i + 1) + ": expected \"key = value\" or \"[profile]\", got \"" + line + "\"");
            }
            current.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
        }
        return new AuthIni(file, sections);
    }

    Optional<Map<String, String>> profile(String name) {
        return Optional.ofNullable(sections.get(name));
    }
}
