package dev.hearth.server.resource;

import dev.hearth.server.http.ApiError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compiles an AIP-132 {@code orderBy} ("create_time desc, display_name") into the SQL after ORDER BY.
 * NULLs sort as the smallest value on both databases: first ascending, last descending.
 */
public final class OrderBy {
    private OrderBy() {}

    /**
     * @param defaultOrder SQL used when {@code orderBy} is blank
     * @param tiebreak SQL appended to every order to make it total
     */
    public static String compile(String orderBy, ResourceFields fields, String defaultOrder, String tiebreak) {
        List<String> terms = new ArrayList<>();
        if (orderBy == null || orderBy.isBlank()) {
            if (defaultOrder != null && !defaultOrder.isBlank()) {
                terms.add(defaultOrder);
            }
        } else {
            Set<Field> seen = new HashSet<>();
            for (String item : orderBy.split(",", -1)) {
                terms.add(term(item.strip(), fields, seen));
            }
        }
        terms.add(tiebreak);
        return String.join(", ", terms);
    }

    private static String term(String item, ResourceFields fields, Set<Field> seen) {
        if (item.isEmpty()) {
            throw error("empty field in the list; write \"field [asc|desc], ...\"");
        }
        String[] words = item.split("\\s+");
        if (words.length > 2) {
            throw error("expected \"field [asc|desc]\", found \"" + item + "\"");
        }
        Field field = fields.find(words[0]).orElseThrow(
                () -> error("unknown field \"" + words[0] + "\"; fields: " + fields.describe()));
        if (!seen.add(field)) {
            throw error("field " + field.snakeName() + " appears more than once");
        }
        String direction = words.length == 1 ? "asc" : words[1];
        if (direction.equalsIgnoreCase("asc")) {
            return field.column() + " ASC NULLS FIRST";
        }
        if (direction.equalsIgnoreCase("desc")) {
            return field.column() + " DESC NULLS LAST";
        }
        throw error("\"" + direction + "\" is not a direction for field " + field.snakeName() + "; use asc or desc");
    }

    private static ApiError error(String problem) {
        return ApiError.invalid("orderBy", problem);
    }
}
