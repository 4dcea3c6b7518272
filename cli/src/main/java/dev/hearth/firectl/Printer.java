package dev.hearth.firectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Writes command results to stdout in the chosen {@code -o} format. */
record Printer(OutputFormat format, PrintStream out) {
    private static final String SAVE_KEY_WARNING = "Be sure to save this key. It will not be shown again.";

    void resource(JsonNode resource) {
        out.print(switch (format) {
            case text -> TextFormat.render(resource);
            case json -> PrettyJson.write(resource) + "\n";
            case flag -> FlagFormat.render(resource);
        });
    }

    /** A deployment: in text mode its autoscaling windows print in Go's format, as firectl's do ({@code 5m0s}). */
    void deployment(JsonNode deployment) {
        if (format == OutputFormat.text) {
            out.print(TextFormat.render(Deployments.forText(deployment)));
        } else {
            resource(deployment);
        }
    }

    /** A list response: a table in text mode, the whole response in JSON, one flag block per item otherwise. */
    void list(JsonNode response, String listKey, List<String> columns) {
        switch (format) {
            case text -> {
                out.print(TableFormat.render(response.path(listKey), columns));
                String token = response.path("nextPageToken").asText("");
                if (!token.isEmpty()) {
                    out.println("Next page token: " + token);
                }
            }
            case json -> out.println(PrettyJson.write(response));
            case flag -> {
                List<String> blocks = new ArrayList<>();
                response.path(listKey).forEach(item -> blocks.add(FlagFormat.render(item)));
                out.print(String.join("\n", blocks));
            }
        }
    }

    void deleted(JsonNode response, String confirmation) {
        if (format == OutputFormat.text) {
            out.println(confirmation);
        } else {
            resource(response);
        }
    }

    /** A new API key; in text mode it ends with the key, its secure flag and the warning, as the docs show. */
    void createdApiKey(JsonNode apiKey) {
        if (format != OutputFormat.text) {
            resource(apiKey);
            return;
        }
        ObjectNode ordered = apiKey.deepCopy();
        for (String field : List.of("key", "secure")) {
            JsonNode value = ordered.remove(field);
            if (value != null) {
                ordered.set(field, value);
            }
        }
        out.print(TextFormat.render(ordered));
        out.println(SAVE_KEY_WARNING);
    }
}
