package dev.hearth.server.resource;

import java.util.List;

/**
 * A documented resource field that lists may filter and order on.
 *
 * @param name the JSON (camelCase) name, e.g. {@code createTime}; filters may also use the snake form {@code create_time}
 * @param column the SQL column that stores it
 * @param enumValues the allowed values when {@code type} is {@link FieldType#ENUM}, else empty
 */
public record Field(String name, String column, FieldType type, List<String> enumValues) {
    public Field {
        enumValues = List.copyOf(enumValues);
    }

    public static Field of(String name, String column, FieldType type) {
        return new Field(name, column, type, List.of());
    }

    public static Field enumeration(String name, String column, List<String> values) {
        return new Field(name, column, FieldType.ENUM, values);
    }

    public String snakeName() {
        return Names.snake(name);
    }
}
