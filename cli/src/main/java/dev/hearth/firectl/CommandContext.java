package dev.hearth.firectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.HearthClient;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

/**
 * What the commands of one invocation share: the global flags, the environment, stdout, stderr (for progress bars,
 * drawn only when it is a terminal) and the API.
 */
final class CommandContext {
    private final GlobalOptions globals;
    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private Settings settings;
    private HearthClient client;

    CommandContext(GlobalOptions globals, Map<String, String> env, PrintStream out, PrintStream err, boolean terminal) {
        this.globals = globals;
        this.env = env;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
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

    boolean dryRun() {
        return globals.dryRun;
    }

    /** Sends the request, or under {@code --dry-run} prints it and returns nothing. */
    Optional<JsonNode> send(ApiRequest request) {
        if (globals.dryRun) {
            out.println(request.describe(settings().baseUrl()));
            return Optional.empty();
        }
        return Optional.of(call(request));
    }

    /** Sends a request whatever {@code --dry-run} says: for the later steps of a command that dry-run stopped before. */
    JsonNode call(ApiRequest request) {
        return client().send(request.method(), request.path(), request.body());
    }

    /** Progress bars go to stderr when it is a terminal, unless {@code --quiet} or {@code -o json} asked for quiet. */
    ProgressBar.Factory progress(boolean quiet) {
        return terminal && !quiet && globals.output != OutputFormat.json ? ProgressBar.on(err) : ProgressBar.HIDDEN;
    }

    /** Notes for people (warnings the server returned): stderr, never mixed into the output. */
    void note(String message) {
        err.println(message);
    }

    Waiter waiter() {
        return Waiter.real();
    }

    SignedUrlTransfer transfer(boolean quiet) {
        String chunk = env.get(SignedUrlTransfer.CHUNK_BYTES_VARIABLE);
        long chunkBytes;
        try {
            chunkBytes = chunk == null ? SignedUrlTransfer.DEFAULT_CHUNK_BYTES : Long.parseLong(chunk.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(SignedUrlTransfer.CHUNK_BYTES_VARIABLE + " must be a number of bytes, got \"" + chunk + "\"");
        }
        return new SignedUrlTransfer(chunkBytes, progress(quiet));
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
