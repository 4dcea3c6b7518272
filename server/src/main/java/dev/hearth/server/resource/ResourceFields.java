package dev.hearth.server.resource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The filterable and orderable fields of one resource type, found by camelCase or snake_case name. */
public final class ResourceFields {
    private final String resource;
    private final List<Field> fields;
    private final Map<String, Field> byName = new LinkedHashMap<>();

    public ResourceFields(String resource, List<Field> fields) {
        this.resource = resource;
        this.fields = List.copyOf(fields);
        for (Field field : fields) {
            byName.put(field.name(), field);
            byName.put(field.snakeName(), field);
        }
    }

    /** The resource's name for messages, e.g. {@code User}. */
    public String resource() {
        return resource;
    }

    public List<Field> fields() {
        return fields;
    }

    public Optional<Field> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The names a client may use, for error messages. */
    public String describe() {
        return String.join(", ", fields.stream().map(Field::snakeName).toList());
    }
}
