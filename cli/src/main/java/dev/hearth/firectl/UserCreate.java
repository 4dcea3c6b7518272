package dev.hearth.firectl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(description = "Creates a user or a service account.",
        footerHeading = "%nExamples:%n",
        footer = {"  firectl user create --email=\"alice@example.com\"",
                "  firectl user create --email=\"alice@example.com\" --role=admin",
                "  firectl user create --user-id=\"my-service-account\" --service-account --role=contributor"})
final class UserCreate implements Callable<Integer> {
    private final CommandContext context;

    @Option(names = "--email", paramLabel = "string",
            description = "The email address of the user. Required unless --service-account is set.")
    String email;

    @Option(names = "--role", paramLabel = "string", defaultValue = "user",
            description = "The role of the user. Must be one of {admin, user, contributor, inference-user}. (default user)")
    String role;

    @Option(names = "--user-id", paramLabel = "string",
            description = "The ID of the user. If not specified, it is derived from the email address.")
    String userId;

    @Option(names = "--service-account",
            description = "Create a service account: a user that authenticates only with API keys.")
    boolean serviceAccount;

    @Option(names = "--display-name", paramLabel = "string", description = "The display name of the user.")
    String displayName;

    UserCreate(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ObjectNode user = Json.MAPPER.createObjectNode();
        if (email != null) {
            user.put("email", email);
        }
        user.put("role", role);
        if (serviceAccount) {
            user.put("serviceAccount", true);
        }
        if (displayName != null) {
            user.put("displayName", displayName);
        }
        String path = ApiPaths.users(context.accountId()) + new QueryString().add("userId", userId);
        context.send(ApiRequest.post(path, user)).ifPresent(context.printer()::resource);
        return 0;
    }
}
