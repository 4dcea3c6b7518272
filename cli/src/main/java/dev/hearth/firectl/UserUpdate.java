package dev.hearth.firectl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(description = "Updates a user's role or display name.",
        footerHeading = "%nExamples:%n",
        footer = {"  firectl user update my-user --display-name=\"Alice Cullen\"",
                "  firectl user update my-service-account --role=inference-user"})
final class UserUpdate implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(paramLabel = "USER_ID", description = "The user ID or name (accounts/ACCOUNT_ID/users/USER_ID).")
    String user;

    @Option(names = "--role", paramLabel = "string",
            description = "The role of the user. Must be one of {admin, user, contributor, inference-user}.")
    String role;

    @Option(names = "--display-name", paramLabel = "string", description = "The display name of the user.")
    String displayName;

    UserUpdate(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ObjectNode changes = Json.MAPPER.createObjectNode();
        List<String> mask = new ArrayList<>();
        if (role != null) {
            changes.put("role", role);
            mask.add("role");
        }
        if (displayName != null) {
            changes.put("displayName", displayName);
            mask.add("display_name");
        }
        if (mask.isEmpty()) {
            throw new UsageException("nothing to update: pass --role and/or --display-name");
        }
        ResourceName name = ResourceName.parse(user, "users", context::accountId);
        String path = ApiPaths.user(name.accountId(), name.id()) + new QueryString().add("updateMask", String.join(",", mask));
        context.send(ApiRequest.patch(path, changes)).ifPresent(context.printer()::resource);
        return 0;
    }
}
