package dev.hearth.firectl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(description = "Deletes a user.",
        footerHeading = "%nExamples:%n",
        footer = {"  firectl user delete my-user", "  firectl user delete accounts/my-account/users/my-user"})
final class UserDelete implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(paramLabel = "USER_ID", description = "The user ID or name (accounts/ACCOUNT_ID/users/USER_ID).")
    String user;

    UserDelete(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ResourceName name = ResourceName.parse(user, "users", context::accountId);
        context.send(ApiRequest.delete(ApiPaths.user(name.accountId(), name.id())))
                .ifPresent(response -> context.printer().deleted(response, "Deleted user " + name.fullName("users")));
        return 0;
    }
}
