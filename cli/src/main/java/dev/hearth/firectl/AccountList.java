package dev.hearth.firectl;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(description = "Prints all accounts the current signed-in user has access to.",
        footerHeading = "%nExamples:%n", footer = "  firectl account list")
final class AccountList implements Callable<Integer> {
    private static final List<String> COLUMNS = List.of("name", "displayName", "email", "state");

    private final CommandContext context;

    @Mixin
    ListOptions listOptions;

    AccountList(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        context.list(ApiPaths.accounts(), "accounts", listOptions)
                .ifPresent(response -> context.printer().list(response, "accounts", COLUMNS));
        return 0;
    }
}
