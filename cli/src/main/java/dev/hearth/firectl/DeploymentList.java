package dev.hearth.firectl;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(description = "Prints all deployments in the account.",
        footerHeading = "%nExamples:%n",
        footer = {"  firectl deployment list", "  firectl list deployments --show-deleted --filter 'state=DELETED'"})
final class DeploymentList implements Callable<Integer> {
    private final CommandContext context;

    @Option(names = "--show-deleted", description = "If true, DELETED deployments will be included.")
    boolean showDeleted;

    @Mixin
    ListOptions listOptions;

    DeploymentList(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String path = ApiPaths.deployments(context.accountId());
        if (showDeleted) {
            listOptions.param("showDeleted", true);
        }
        context.list(path, "deployments", listOptions)
                .ifPresent(response -> context.printer().list(response, "deployments", Deployments.LIST_COLUMNS));
        return 0;
    }
}
