package dev.hearth.server.resource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.server.http.ApiError;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A parsed {@code readMask} or {@code updateMask}: comma-separated field paths, snake_case or camelCase,
 * normalised to camelCase. A null mask means "no mask"; {@code *} means every field.
 */
public record FieldMask(Set<String> paths) {
    public static final FieldMask ALL = new FieldMask(null);

    public FieldMask {
        paths = paths == null ? null : Set.copyOf(paths);
    }

    public boolean isAll() {
        return paths == null;
    }

    public boolean includes(String camelPath) {
        return paths == null || paths.contains(camelPath);
    }

    /**
     * Parses a mask against the paths the resource allows ({@code allowed}, camelCase).
     *
     * @param param the query parameter name, for messages
     */
    public static FieldMask parse(String param, String mask, Set<String> allowed) {
        if (mask == null || mask.isBlank() || mask.strip().equals("*")) {
            return ALL;
        }
        Set<String> paths = new LinkedHashSet<>();
        for (String raw : mask.split(",", -1)) {
            String path = raw.strip();
            if (path.isEmpty()) {
                throw ApiError.invalid(param, "empty path in \"" + mask + "\"");
            }
            String camel = camelPath(path);
            if (!allowed.contains(camel)) {
                throw ApiError.invalid(param, "unknown field \"" + path + "\"; fields: "
                        + String.join(", ", allowed.stream().map(Names::snake).sorted().toList()));
            }
            paths.add(camel);
        }
        return new FieldMask(paths);
    }

    /** Keeps only the masked top-level fields (or the parents of masked sub-fields) of a resource. */
    public ObjectNode apply(ObjectNode resource) {
        if (paths == null) {
            return resource;
        }
        Iterator<String> names = resource.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            boolean keep = paths.stream().anyMatch(p -> p.equals(name) || p.startsWith(name + "."));
            if (!keep) {
                names.remove();
            }
        }
        for (String path : paths) {
            int dot = path.indexOf('.');
            if (dot > 0 && resource.get(path.substring(0, dot)) instanceof ObjectNode child && !paths.contains(path.substring(0, dot))) {
                pruneChild(child, path.substring(0, dot));
            }
        }
        return resource;
    }

    private void pruneChild(ObjectNode child, String parent) {
        Iterator<String> names = child.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!paths.contains(parent + "." + name)) {
                names.remove();
            }
        }
    }

    private static String camelPath(String path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("\\.", -1)) {
            if (!out.isEmpty()) {
                out.append('.');
            }
            out.append(Names.camel(segment));
        }
        return out.toString();
    }
}
