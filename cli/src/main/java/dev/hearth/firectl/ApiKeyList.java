package dev.hearth.firectl;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(description = "Prints all API keys for the signed in user.",
        footerHeading = "%nExamples:%n", footer = {"  firectl api-key list", "  firectl api-key list --all-users"})
final class ApiKeyList implements Callable<Integer> {
    private static final List<String> COLUMNS = List.of("keyId", "displayName", "prefix", "email", "createTime", "expireTime");
    private static final String ALL_USERS = "-";

    private final CommandContext context;

    @Option(names = "--all-users", description = "Admin only: list API keys for all users in the account")
    boolean allUsers;

    @Mixin
    ListOptions listOptions;

    ApiKeyList(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String accountId = context.accountId();
        String path = allUsers ? ApiPaths.userApiKeys(accountId, ALL_USERS) : ApiPaths.callerApiKeys(accountId);
        context.list(path, "apiKeys", listOptions).ifPresent(response -> context.printer().list(response, "apiKeys", COLUMNS));
        return 0;
    }
}
