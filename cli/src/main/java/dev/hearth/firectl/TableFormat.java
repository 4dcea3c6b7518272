package dev.hearth.firectl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** List output in text mode: one aligned row per resource under an upper-case header. */
final class TableFormat {
    private static final String GAP = "   ";

    private TableFormat() {}

    static String render(JsonNode items, List<String> fields) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(fields.stream().map(field -> TextFormat.label(field).toUpperCase(Locale.ROOT)).toList());
        for (JsonNode item : items) {
            rows.add(fields.stream().map(field -> cell(item.get(field))).toList());
        }
        int[] widths = new int[fields.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder table = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(row.get(i)).append(" ".repeat(widths[i] - row.get(i).length())).append(GAP);
            }
            table.append(line.toString().stripTrailing()).append('\n');
        }
        return table.toString();
    }

    private static String cell(JsonNode value) {
        if (TextFormat.isEmpty(value)) {
            return "";
        }
        if (value.isObject() && value.has("code")) {
            return TextFormat.status(value);
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
