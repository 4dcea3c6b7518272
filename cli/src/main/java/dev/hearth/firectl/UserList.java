package dev.hearth.firectl;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(description = "Prints all users and service accounts in the account.",
        footerHeading = "%nExamples:%n",
        footer = {"  firectl user list", "  firectl user list --filter 'service_account=true'"})
final class UserList implements Callable<Integer> {
    private static final List<String> COLUMNS = List.of("name", "email", "role", "serviceAccount", "createTime");

    private final CommandContext context;

    @Mixin
    ListOptions listOptions;

    UserList(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        context.list(ApiPaths.users(context.accountId()), "users", listOptions)
                .ifPresent(response -> context.printer().list(response, "users", COLUMNS));
        return 0;
    }
}
