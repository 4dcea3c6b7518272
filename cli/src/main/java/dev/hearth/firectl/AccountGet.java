package dev.hearth.firectl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(description = "Prints information about an account.",
        footerHeading = "%nExamples:%n",
        footer = {"  firectl account get", "  firectl account get my-account", "  firectl account get accounts/my-account"})
final class AccountGet implements Callable<Integer> {
    private final CommandContext context;

    @Parameters(arity = "0..1", paramLabel = "ACCOUNT_ID",
            description = "The account ID or name (accounts/ACCOUNT_ID). Defaults to the configured account.")
    String account;

    AccountGet(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String accountId = account == null ? context.accountId() : ResourceName.accountId(account);
        context.send(ApiRequest.get(ApiPaths.account(accountId))).ifPresent(context.printer()::resource);
        return 0;
    }
}
