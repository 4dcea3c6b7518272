package dev.hearth.firectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.HearthClient;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

/** What the commands of one invocation share: the global flags, the environment, stdout and the API. */
final class CommandContext {
    private final GlobalOptions globals;
    private final Map<String, String> env;
    private final PrintStream out;
    private Settings settings;
    private HearthClient client;

    CommandContext(GlobalOptions globals, Map<String, String> env, PrintStream out) {
        this.globals = globals;
        this.env = env;
        this.out = out;
    }

    /** Resolved on first use, once picocli has set the flags. */
    Settings settings() {
        if (settings == null) {
            settings = Settings.resolve(globals, env);
        }
        return settings;
    }

    String accountId() {
        return settings().requireAccountId();
    }

    Printer printer() {
        return new Printer(globals.output, out);
    }

    /** Sends the request, or under {@code --dry-run} prints it and returns nothing. */
    Optional<JsonNode> send(ApiRequest request) {
        if (globals.dryRun) {
            out.println(request.describe(settings().baseUrl()));
            return Optional.empty();
        }
        return Optional.of(client().send(request.method(), request.path(), request.body()));
    }

    /** Lists a collection; with {@code --no-paginate} it follows nextPageToken and returns every item as one response. */
    Optional<JsonNode> list(String path, String listKey, ListOptions options) {
        Optional<JsonNode> first = send(ApiRequest.get(path + options.query(options.pageToken)));
        if (first.isEmpty() || !options.noPaginate) {
            return first;
        }
        ObjectNode all = first.get().deepCopy();
        ArrayNode items = all.withArrayProperty(listKey);
        String token = all.path("nextPageToken").asText("");
        while (!token.isEmpty()) {
            JsonNode page = client().send("GET", path + options.query(token), null);
            page.path(listKey).forEach(items::add);
            token = page.path("nextPageToken").asText("");
        }
        all.remove("nextPageToken");
        return Optional.of(all);
    }

    private HearthClient client() {
        if (client == null) {
            client = new HearthClient(settings().baseUrl(), settings().requireApiKey());
        }
        return client;
    }
}
