package dev.hearth.firectl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(description = "Prints information about a user.",
        footerHeading = "%nExamples:%n",
        footer = {"  firectl user get my-user", "  firectl user get accounts/my-account/users/my-user"})
final class UserGet implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(paramLabel = "USER_ID", description = "The user ID or name (accounts/ACCOUNT_ID/users/USER_ID).")
    String user;

    UserGet(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResourceName name = ResourceName.parse(user, "users", context::accountId);
        context.send(ApiRequest.get(ApiPaths.user(name.accountId(), name.id()))).ifPresent(context.printer()::resource);
        return 0;
    }
}
