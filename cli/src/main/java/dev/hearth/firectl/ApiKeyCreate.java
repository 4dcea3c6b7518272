package dev.hearth.firectl;

import dev.hearth.api.ApiKey;
import dev.hearth.api.ApiKeyRequests;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(description = "Creates an API key for the signed in user or a specified service account user.",
        footerHeading = "%nExamples:%n",
        footer = {"  firectl api-key create",
                "  firectl api-key create --service-account=my-service-account",
                "  firectl api-key create --key-name=\"Production Key\" --service-account=ci-bot",
                "  firectl api-key create --key-name=\"Temporary Key\" --expire-time=\"2025-12-31 23:59:59\""})
final class ApiKeyCreate implements Callable<Integer> {
    private final CommandContext context;

    @Option(names = "--key-name", paramLabel = "string", defaultValue = "default",
            description = "The name of the key to be created. Defaults to \"default\"")
    String keyName;

    @Option(names = "--expire-time", paramLabel = "string", converter = ExpireTimeConverter.class,
            description = "If specified, the time at which the API key will automatically expire. "
                    + "Specified in YYYY-MM-DD[ HH:MM:SS] format (UTC).")
    Instant expireTime;

    @Option(names = "--service-account", paramLabel = "string",
            description = "Admin only: Create API key for the specified service account user")
    String serviceAccount;

    ApiKeyCreate(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String path;
        if (serviceAccount == null) {
            path = ApiPaths.callerApiKeys(context.accountId());
        } else {
            ResourceName owner = ResourceName.parse(serviceAccount, "users", context::accountId);
            path = ApiPaths.userApiKeys(owner.accountId(), owner.id());
        }
        ApiKey key = new ApiKey(null, keyName, null, null, null, null, null,
                expireTime == null ? null : expireTime.toString());
        context.send(ApiRequest.post(path, new ApiKeyRequests.Create(key))).ifPresent(context.printer()::createdApiKey);
        return 0;
    }
}
