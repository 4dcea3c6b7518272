package dev.hearth.firectl;

import dev.hearth.api.ApiKeyRequests;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(description = "Deletes an API key. Admins can delete the API keys of other users in the account.",
        footerHeading = "%nExamples:%n", footer = "  firectl api-key delete key-id")
final class ApiKeyDelete implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(paramLabel = "KEY_ID", description = "The ID of the API key (the Key Id printed by create and list).")
    String keyId;

    ApiKeyDelete(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String path = ApiPaths.callerApiKeys(context.accountId()) + ":delete";
        context.send(ApiRequest.post(path, new ApiKeyRequests.Delete(keyId)))
                .ifPresent(response -> context.printer().deleted(response, "Deleted API key " + keyId));
        return 0;
    }
}
